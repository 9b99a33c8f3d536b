using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Controller.Metrics;
using Orchestrator.Core.Reconcile;

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
}
