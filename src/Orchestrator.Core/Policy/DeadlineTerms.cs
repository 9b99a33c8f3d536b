namespace Orchestrator.Core.Policy;

/// <summary>The two fields the Deadline policy cannot do without.</summary>
internal sealed record DeadlineTerms(DateTimeOffset Deadline, TimeSpan Compute)
{
    public static DeadlineTerms From(CapacityPolicyOptions options) => new(
        options.Deadline ?? throw new ArgumentException("spec.capacity.fallback.deadline is required by the Deadline policy", nameof(options)),
        options.ExpectedDuration ?? throw new ArgumentException("spec.capacity.fallback.expectedDuration is required by the Deadline policy", nameof(options)));
}
