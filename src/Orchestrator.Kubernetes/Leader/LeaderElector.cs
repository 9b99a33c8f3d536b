using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Kubernetes.Leader;

/// <summary>
/// Leader election on a coordination.k8s.io/v1 Lease, as client-go does it: candidates poll every retry period and
/// take the lease once it has not changed for a lease duration (measured on their own clock, so clock skew between
/// replicas does not matter); the leader renews every retry period and stops leading if it cannot renew within the
/// renew deadline. Every write uses the lease's resourceVersion, so two candidates can never both win.
/// </summary>
/// <example>
/// <code>
/// var elector = new LeaderElector(client, new LeaderElectionOptions { Namespace = "orchestrator-system", LeaseName = "orchestrator", Identity = podName }, TimeProvider.System);
/// await elector.RunAsync(leading =&gt; controller.RunAsync(leading), stopping);
/// // Returning here while not stopping means leadership was lost: exit so the pod restarts as a candidate.
/// </code>
/// </example>
public sealed class LeaderElector
{
    private readonly IKubernetes _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Func<double> _random;
    private readonly string _identity;
    private readonly string _leaseKey;
    private readonly TimeSpan _renewDeadline;
    private (string? Holder, DateTime? RenewTime, string? Version) _observed;
    private DateTimeOffset _observedAt;
    private volatile bool _isLeader;
    private volatile string? _leader;

    /// <param name="client">API client; the elector needs get, create and update on leases.</param>
    /// <param name="options">Lease, identity and durations; validated here.</param>
    /// <param name="time">Clock for expiry, renewal and polling.</param>
    /// <param name="logger">Logs transitions and failures.</param>
    /// <param name="random">Returns [0, 1) for polling jitter; <see cref="Random.Shared"/> when null.</param>
    public LeaderElector(IKubernetes client, LeaderElectionOptions options, TimeProvider time, ILogger? logger = null, Func<double>? random = null)
    {
        options.Validate();
        _client = client;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _random = random ?? Random.Shared.NextDouble;
        _identity = options.Identity;
        _leaseKey = $"{options.Namespace}/{options.LeaseName}";
        _renewDeadline = options.RenewDeadline;
    }

    /// <summary>True while this replica holds the lease and has renewed it within the renew deadline.</summary>
    public bool IsLeader => _isLeader;

    /// <summary>The holder identity last seen on the lease (this replica's identity when leading), or null.</summary>
    public string? Leader => _leader;

    /// <summary>
    /// Campaigns until this replica leads, runs <paramref name="whileLeading"/> with a token that is cancelled when
    /// leadership ends, and returns when leadership is lost (renewal failed past the deadline, or another holder took
    /// the lease) or <paramref name="cancellationToken"/> is cancelled. It returns only after
    /// <paramref name="whileLeading"/> has finished, so no work overlaps the next leader's for longer than the
    /// callback takes to observe its token.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        if (!await AcquireAsync(cancellationToken))
        {
            return;
        }

        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = Task.Run(() => whileLeading(leading.Token), CancellationToken.None);
        try
        {
            await RenewUntilLostAsync(cancellationToken);
        }
        finally
        {
            _isLeader = false;
            await leading.CancelAsync();
            try
            {
                await work;
            }
            catch (OperationCanceledException) when (leading.IsCancellationRequested)
            {
                // The expected way for the leader's work to end.
            }

            if (cancellationToken.IsCancellationRequested && _options.ReleaseOnCancel)
            {
                await ReleaseAsync();
            }
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                _isLeader = true;
                LogInformation("{Identity} became leader of lease {Lease}");
                return true;
            }

            if (!await DelayAsync(Jittered(_options.RetryPeriod), cancellationToken))
            {
                break;
            }
        }

        return false;
    }

    private async Task RenewUntilLostAsync(CancellationToken cancellationToken)
    {
        var lastRenew = _time.GetUtcNow();
        while (await DelayAsync(_options.RetryPeriod, cancellationToken))
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenew = _time.GetUtcNow();
                continue;
            }

            var holder = _leader;
            if (holder is not null && holder != _options.Identity)
            {
                _logger.LogWarning("{Identity} lost lease {Lease} to {Holder}", _identity, _leaseKey, holder);
                return;
            }

            if (_time.GetUtcNow() - lastRenew >= _options.RenewDeadline)
            {
                _logger.LogWarning("{Identity} could not renew lease {Lease} within {Deadline}; stopping leading", _identity, _leaseKey, _renewDeadline);
                return;
            }
        }
    }

    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            V1Lease lease;
            try
            {
                lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: cancellationToken);
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                await _client.CoordinationV1.CreateNamespacedLeaseAsync(NewLease(now), _options.Namespace, cancellationToken: cancellationToken);
                Observe(_options.Identity, now.UtcDateTime, null, now);
                return true;
            }

            var spec = lease.Spec ??= new V1LeaseSpec();
            Observe(spec.HolderIdentity, spec.RenewTime, lease.Metadata.ResourceVersion, now);
            var heldByOther = !string.IsNullOrEmpty(spec.HolderIdentity) && spec.HolderIdentity != _options.Identity;
            var duration = spec.LeaseDurationSeconds is > 0 ? TimeSpan.FromSeconds(spec.LeaseDurationSeconds.Value) : _options.LeaseDuration;
            if (heldByOther && now < _observedAt + duration)
            {
                return false;
            }

            if (spec.HolderIdentity != _options.Identity)
            {
                spec.AcquireTime = now.UtcDateTime;
                spec.LeaseTransitions = (spec.LeaseTransitions ?? 0) + 1;
            }

            spec.HolderIdentity = _options.Identity;
            spec.LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
            spec.RenewTime = now.UtcDateTime;

            // The read's resourceVersion travels with the update: if anyone wrote in between, this is a 409.
            var updated = await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: cancellationToken);
            Observe(_options.Identity, spec.RenewTime, updated.Metadata.ResourceVersion, now);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ApiErrors.IsConflict(ex))
        {
            // Another candidate wrote first (create or update): it wins this round.
            return false;
        }
        catch (Exception ex) // Any API failure only costs this attempt; the deadline decides when it matters.
        {
            _logger.LogWarning(ex, "{Identity}: lease {Lease} attempt failed", _identity, _leaseKey);
            return false;
        }
    }

    private async Task ReleaseAsync()
    {
        // Releasing is a courtesy bounded in time: the lease expires anyway if the API server does not answer.
        using var timeout = new CancellationTokenSource(_options.RenewDeadline, _time);
        try
        {
            var lease = await _client.CoordinationV1.ReadNamespacedLeaseAsync(_options.LeaseName, _options.Namespace, cancellationToken: timeout.Token);
            if (lease.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
            await _client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, _options.LeaseName, _options.Namespace, cancellationToken: timeout.Token);
            LogInformation("{Identity} released lease {Lease}");
        }
        catch (Exception ex) // See above: failing to release only delays the successor.
        {
            _logger.LogWarning(ex, "{Identity} could not release lease {Lease}", _identity, _leaseKey);
        }
    }

    private V1Lease NewLease(DateTimeOffset now) => new()
    {
        ApiVersion = "coordination.k8s.io/v1",
        Kind = "Lease",
        Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.Namespace },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = _options.Identity,
            LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
            AcquireTime = now.UtcDateTime,
            RenewTime = now.UtcDateTime,
            LeaseTransitions = 0,
        },
    };

    /// <summary>Remembers when the lease record last changed, by this replica's clock.</summary>
    private void Observe(string? holder, DateTime? renewTime, string? version, DateTimeOffset now)
    {
        var record = (string.IsNullOrEmpty(holder) ? null : holder, renewTime, version);
        if (record.Item1 != _observed.Holder || record.renewTime != _observed.RenewTime)
        {
            _observedAt = now;
        }

        _observed = record;
        _leader = record.Item1;
    }

    private void LogInformation(string messageWithIdentityAndLease)
    {
        if (_logger.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA2254 // The template is one of this class's constants, with the same two placeholders.
            _logger.LogInformation(messageWithIdentityAndLease, _identity, _leaseKey);
#pragma warning restore CA2254
        }
    }

    private TimeSpan Jittered(TimeSpan period) => period * (1 + (0.2 * _random()));

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
