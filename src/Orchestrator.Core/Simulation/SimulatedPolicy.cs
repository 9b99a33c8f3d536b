using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Simulation;

/// <summary>A named policy the simulator can replay: a decision function and the options it is given.</summary>
public sealed record SimulatedPolicy(string Name, CapacityPolicyOptions Options, Func<PolicyInput, CapacityDecision> Decide);
