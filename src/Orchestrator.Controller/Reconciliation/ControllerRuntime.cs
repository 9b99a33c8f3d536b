using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Controller.Metrics;
using Orchestrator.Core.Reconcile;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>What a <see cref="RunController"/> runs with besides its client: settings, clock, logs, metrics.</summary>
public sealed record ControllerRuntime
{
    public ReconcileSettings Settings { get; init; } = ReconcileSettings.Default;

    /// <summary>The clock; the sandbox's scaled clock in tests and the demo, the system clock in a cluster.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory Loggers { get; init; } = NullLoggerFactory.Instance;

    internal ControllerMetrics Metrics { get; init; } = new();

    /// <summary>Concurrent reconciles (never two for the same run).</summary>
    public int Workers { get; init; } = 4;

    internal IEventSink? Events { get; init; }

    /// <summary>
    /// Retries of single API calls (not of whole reconciles); the delays run on <see cref="Time"/>. No per-attempt
    /// timeout: the client's own HTTP timeout (real time) bounds an attempt, where one on <see cref="Time"/> would
    /// shrink with the sandbox's time scale and cut off slow but healthy calls.
    /// </summary>
    public ApiResilienceOptions ApiRetry { get; init; } = new()
    {
        MaxRetries = 3,
        BaseDelay = TimeSpan.FromMilliseconds(200),
        MaxDelay = TimeSpan.FromSeconds(10),
        AttemptTimeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>How often checkpoints of finished runs are pruned to their <c>keep</c>; zero or less turns the sweep off.</summary>
    public TimeSpan RetentionSweepInterval { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The controller's own storage access for the retention sweep (its environment: ORCH_*, SDK variables, workload identity).</summary>
    public StoreSettings StoreSettings { get; init; } = new();
}
