namespace Orchestrator.Core.Preemption;

/// <summary>How long a checkpoint save is expected to take (from the request to the commit), and on what basis.</summary>
public sealed record SaveTimeEstimate(TimeSpan Expected, TimeSpan Mean, int Samples, string Basis);
