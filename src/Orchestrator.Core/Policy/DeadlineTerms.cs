namespace Orchestrator.Core.Policy;

/// <summary>The two fields the Deadline policy cannot do without.</summary>
internal sealed record DeadlineTerms(DateTimeOffset Deadline, TimeSpan Compute)
{
    /// <summary>Null while the compute is unknown: no expectedDuration and no progress report with total steps yet.</summary>
    public static DeadlineTerms? From(CapacityPolicyOptions options)
    {
        var deadline = options.Deadline ?? throw new ArgumentException("spec.capacity.fallback.deadline is required by the Deadline policy", nameof(options));
        return options.ExpectedDuration is { } compute ? new(deadline, compute) : null;
    }
}
