namespace Orchestrator.Kubernetes.Leader;

/// <summary>
/// Settings of a <see cref="LeaderElector"/>, with client-go's defaults. Invariant:
/// <see cref="RetryPeriod"/> &lt; <see cref="RenewDeadline"/> &lt; <see cref="LeaseDuration"/>, so a leader gives up
/// before anyone else may take over.
/// </summary>
public sealed record LeaderElectionOptions
{
    /// <summary>Namespace of the coordination.k8s.io/v1 Lease.</summary>
    public required string Namespace { get; init; }

    /// <summary>Name of the Lease, shared by every replica of the controller.</summary>
    public required string LeaseName { get; init; }

    /// <summary>This replica's identity (pod name, or host name plus a random suffix); unique among replicas.</summary>
    public required string Identity { get; init; }

    /// <summary>How long a lease is valid after its last renewal, as observed by the candidates.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it stops leading.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire and the leader renews (jittered up to +20 %).</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>On cancellation, the leader clears the lease so a successor need not wait for it to expire.</summary>
    public bool ReleaseOnCancel { get; init; } = true;

    /// <summary>Throws if the durations do not satisfy the invariant, naming the one at fault.</summary>
    public void Validate()
    {
        if (RetryPeriod <= TimeSpan.Zero)
        {
            throw new ArgumentException($"{nameof(RetryPeriod)} must be positive (was {RetryPeriod}).");
        }

        if (RenewDeadline <= RetryPeriod)
        {
            throw new ArgumentException($"{nameof(RenewDeadline)} ({RenewDeadline}) must be longer than {nameof(RetryPeriod)} ({RetryPeriod}).");
        }

        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException($"{nameof(LeaseDuration)} ({LeaseDuration}) must be longer than {nameof(RenewDeadline)} ({RenewDeadline}).");
        }

        if (string.IsNullOrWhiteSpace(Identity))
        {
            throw new ArgumentException($"{nameof(Identity)} must not be empty.");
        }
    }
}
