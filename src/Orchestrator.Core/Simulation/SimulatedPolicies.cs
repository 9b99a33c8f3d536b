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
    public const string Ross = "ross";

    /// <summary>ROSS as the paper states it: the injected interval is on-demand even while spot runs (docs/policies.md).</summary>
    public const string RossPaper = "ross-paper";

    /// <summary>ROSS with Uniform Progress outside the injected interval instead of spot-or-wait.</summary>
    public const string RossUniform = "ross-uniform";

    /// <summary>What <c>all</c> runs; the ROSS variants are there by name, for the comparison in docs/policies.md.</summary>
    public static IReadOnlyList<string> Names { get; } = [OnDemand, Greedy, Never, AfterPreemptions, AfterSpotWait, Deadline, Ross];

    public static IReadOnlyList<string> Known { get; } = [.. Names, RossPaper, RossUniform];

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
            PriceRatio = parameters.SpotPrice > 0 ? parameters.OnDemandPrice / parameters.SpotPrice : double.MaxValue,
        };
        var deadline = options with { Triggers = [FallbackPolicy.Deadline] };
        return name switch
        {
            OnDemand => new(name, options with { Preferred = CapacityType.OnDemand }, CapacityPolicy.Decide),
            Greedy => new(name, options, GreedyPolicy.Decide),
            Never => new(name, options with { Triggers = [FallbackPolicy.Never] }, CapacityPolicy.Decide),
            AfterPreemptions => new(name, options with { Triggers = [FallbackPolicy.AfterPreemptions] }, CapacityPolicy.Decide),
            AfterSpotWait => new(name, options with { Triggers = [FallbackPolicy.AfterSpotWait] }, CapacityPolicy.Decide),
            Deadline => new(name, deadline with { DeadlineAlgorithm = DeadlineAlgorithm.UniformProgress }, CapacityPolicy.Decide),
            Ross => new(name, deadline with { DeadlineAlgorithm = DeadlineAlgorithm.Ross }, CapacityPolicy.Decide),
            RossPaper => new(name, deadline with { DeadlineAlgorithm = DeadlineAlgorithm.Ross, Ross = new RossTuning(false, false) }, CapacityPolicy.Decide),
            RossUniform => new(name, deadline with { DeadlineAlgorithm = DeadlineAlgorithm.Ross, Ross = new RossTuning(true, true) }, CapacityPolicy.Decide),
            _ => throw new ArgumentException($"unknown policy '{name}'; known: {string.Join(", ", Known)}, all", nameof(name)),
        };
    }
}
