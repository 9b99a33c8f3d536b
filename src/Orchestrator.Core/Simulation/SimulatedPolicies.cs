using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Simulation;

/// <summary>The policies <c>trainctl simulate</c> knows, by name: two baselines and the product's fallback policies.</summary>
public static class SimulatedPolicies
{
    public const string OnDemand = "on-demand";
    public const string Greedy = "greedy";
    public const string Never = "never";
    public const string AfterPreemptions = "after-preemptions";
    public const string AfterSpotWait = "after-spot-wait";
    public const string Deadline = "deadline";

    public static IReadOnlyList<string> Names { get; } = [OnDemand, Greedy, Never, AfterPreemptions, AfterSpotWait, Deadline];

    /// <summary>The policy called <paramref name="name"/>, with the trace's tick as the controller's reaction time.</summary>
    public static SimulatedPolicy Create(string name, SimulationParameters parameters, TimeSpan tick)
    {
        var options = new CapacityPolicyOptions
        {
            Deadline = DateTimeOffset.UnixEpoch + parameters.Deadline,
            ExpectedDuration = parameters.Compute,
            ChangeoverDelay = parameters.Changeover,
            AfterPreemptions = parameters.AfterPreemptions,
            SpotWait = parameters.SpotWait,
            SafetyMargin = parameters.Changeover + tick,
        };
        return name switch
        {
            OnDemand => new(name, options with { Preferred = CapacityType.OnDemand }, CapacityPolicy.Decide),
            Greedy => new(name, options, GreedyPolicy.Decide),
            Never => new(name, options with { Triggers = [FallbackPolicy.Never] }, CapacityPolicy.Decide),
            AfterPreemptions => new(name, options with { Triggers = [FallbackPolicy.AfterPreemptions] }, CapacityPolicy.Decide),
            AfterSpotWait => new(name, options with { Triggers = [FallbackPolicy.AfterSpotWait] }, CapacityPolicy.Decide),
            Deadline => new(name, options with { Triggers = [FallbackPolicy.Deadline] }, CapacityPolicy.Decide),
            _ => throw new ArgumentException($"unknown policy '{name}'; known: {string.Join(", ", Names)}, all", nameof(name)),
        };
    }
}
