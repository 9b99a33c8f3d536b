using Orchestrator.Api;
using Prometheus;

namespace Orchestrator.Controller.Metrics;

/// <summary>
/// The controller's Prometheus metrics (docs/metrics.md is the reference). Counters about attempts, saves and GPU
/// time are derived from what a reconcile changed in a run's status, so they count each fact once.
/// </summary>
internal sealed class ControllerMetrics
{
    private static readonly double[] ReconcileBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] NoticeBuckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
    private static readonly double[] SaveBuckets = [1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

    public ControllerMetrics(CollectorRegistry? registry = null)
    {
        Registry = registry ?? Prometheus.Metrics.NewCustomRegistry();
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        Reconciles = factory.CreateCounter("orchestrator_reconciles_total", "Reconciles finished.", "result");
        ReconcileDuration = factory.CreateHistogram("orchestrator_reconcile_duration_seconds", "Time of one reconcile.", new HistogramConfiguration { Buckets = ReconcileBuckets });
        QueueDepth = factory.CreateGauge("orchestrator_workqueue_depth", "Keys waiting in the work queue.");
        QueueAdds = factory.CreateCounter("orchestrator_workqueue_adds_total", "Keys added to the work queue, by what asked and the lane (urgent: a preemption signal).", "source", "lane");
        QueueRetries = factory.CreateCounter("orchestrator_workqueue_retries_total", "Keys put back with backoff after an error.");
        Leader = factory.CreateGauge("orchestrator_leader", "1 on the replica holding the lease, else 0.");
        Runs = factory.CreateGauge("orchestrator_runs", "TrainingRuns per phase.", "phase");
        Attempts = factory.CreateCounter("orchestrator_attempts_total", "Attempts ended, by why.", "capacity_type", "end_reason");
        Preemptions = factory.CreateCounter("orchestrator_preemptions_total", "Attempts ended by a preemption.", "capacity_type", "signal");
        Recoveries = factory.CreateCounter("orchestrator_recoveries_total", "Attempts running again after a preemption.", "capacity_type");
        CapacitySwitches = factory.CreateCounter("orchestrator_capacity_switches_total", "Next attempts placed on another capacity type.", "to");
        AppFailures = factory.CreateCounter("orchestrator_app_failures_total", "Attempts ended as application failures.", "namespace");
        NoticeToRequest = factory.CreateHistogram("orchestrator_notice_to_checkpoint_request_seconds", "From observing a notice to the save request written on every pod.", new HistogramConfiguration { Buckets = NoticeBuckets });
        CheckpointRequests = factory.CreateCounter("orchestrator_checkpoint_requests_total", "Save requests and how they ended.", "trigger", "result");
        SaveSeconds = factory.CreateHistogram("orchestrator_checkpoint_save_seconds", "From a save request to the checkpoint committed.", new HistogramConfiguration { Buckets = SaveBuckets, LabelNames = ["trigger"] });
        LostWork = factory.CreateCounter("orchestrator_lost_work_seconds_total", "Work to redo after attempts that did not succeed.", "capacity_type");
        GpuSeconds = factory.CreateCounter("orchestrator_gpu_seconds_total", "GPU-seconds consumed by attempts.", "capacity_type", "namespace", "team");
        EstimatedCost = factory.CreateCounter("orchestrator_estimated_cost_total", "Estimated spend from GPU time and prices.", "capacity_type", "namespace", "team");
        EstimatedSavings = factory.CreateCounter("orchestrator_estimated_savings_total", "All-on-demand cost minus the estimated cost.", "namespace", "team");
        ApiRetries = factory.CreateCounter("orchestrator_api_retries_total", "Single API calls retried after a transient failure (5xx, 429, connection error).");
        RetentionDeleted = factory.CreateCounter("orchestrator_retention_deleted_checkpoints_total", "Checkpoints of finished runs deleted by the retention sweep.");
        RetentionFailures = factory.CreateCounter("orchestrator_retention_sweep_failures_total", "Runs whose checkpoints the retention sweep could not prune.");
        foreach (var phase in Enum.GetNames<RunPhase>())
        {
            Runs.WithLabels(phase).Set(0);
        }
    }

    public CollectorRegistry Registry { get; }

    public Counter Reconciles { get; }

    public Histogram ReconcileDuration { get; }

    public Gauge QueueDepth { get; }

    public Counter QueueAdds { get; }

    public Counter QueueRetries { get; }

    public Gauge Leader { get; }

    public Gauge Runs { get; }

    public Counter Attempts { get; }

    public Counter Preemptions { get; }

    public Counter Recoveries { get; }

    public Counter CapacitySwitches { get; }

    public Counter AppFailures { get; }

    public Histogram NoticeToRequest { get; }

    public Counter CheckpointRequests { get; }

    public Histogram SaveSeconds { get; }

    public Counter LostWork { get; }

    public Counter GpuSeconds { get; }

    public Counter EstimatedCost { get; }

    public Counter EstimatedSavings { get; }

    public Counter ApiRetries { get; }

    public Counter RetentionDeleted { get; }

    public Counter RetentionFailures { get; }

    /// <summary>Counts what changed between the status before and after one reconcile of <paramref name="run"/>.</summary>
    public void Observe(TrainingRun run, TrainingRunStatus? before, TrainingRunStatus after)
    {
        var ns = run.Metadata.NamespaceProperty ?? "";
        var team = run.Metadata.Labels?.TryGetValue(Api.Labels.Team, out var t) == true ? t : "";
        var oldAttempts = (before?.Attempts ?? []).ToDictionary(a => a.Index);
        foreach (var attempt in after.Attempts ?? [])
        {
            oldAttempts.TryGetValue(attempt.Index, out var old);
            var capacity = Label(attempt.Capacity);
            if (attempt.EndReason is { } reason && old?.EndReason is null)
            {
                Attempts.WithLabels(capacity, reason.ToString()).Inc();
                LostWork.WithLabels(capacity).Inc(attempt.LostWorkSeconds ?? 0);
                if (reason == AttemptEndReason.Preempted)
                {
                    Preemptions.WithLabels(capacity, before?.Notice?.Signal ?? "none").Inc();
                }
                else if (reason == AttemptEndReason.AppFailure)
                {
                    AppFailures.WithLabels(ns).Inc();
                }
            }

            if (attempt.StartTime is not null && old?.StartTime is null && attempt.Index > 1)
            {
                Recoveries.WithLabels(capacity).Inc();
            }

            if (old is null && oldAttempts.TryGetValue(attempt.Index - 1, out var previous) && previous.Capacity != attempt.Capacity)
            {
                CapacitySwitches.WithLabels(attempt.Capacity == CapacityType.Spot ? "spot" : "on_demand").Inc();
            }

            var gpuDelta = (attempt.GpuSeconds ?? 0) - (old?.GpuSeconds ?? 0);
            if (gpuDelta > 0)
            {
                GpuSeconds.WithLabels(capacity, ns, team).Inc(gpuDelta);
            }
        }

        var costBefore = before?.Cost;
        var costAfter = after.Cost;
        if (costAfter is not null)
        {
            var estimatedDelta = costAfter.Estimated - (costBefore?.Estimated ?? 0);
            if (estimatedDelta > 0)
            {
                EstimatedCost.WithLabels(Label(after.CapacityType ?? CapacityType.Spot), ns, team).Inc(estimatedDelta);
            }

            var savingsDelta = costAfter.Savings - (costBefore?.Savings ?? 0);
            if (savingsDelta > 0)
            {
                EstimatedSavings.WithLabels(ns, team).Inc(savingsDelta);
            }
        }

        if (after.Notice?.SaveRequestedTime is { } requested && before?.Notice?.SaveRequestedTime is null)
        {
            NoticeToRequest.Observe(Math.Max(0, (requested - after.Notice.ReceivedTime).TotalSeconds));
            CheckpointRequests.WithLabels("notice", "requested").Inc();
        }

        if (after.RecentSaveSeconds is { Count: > 0 } saves && (before?.RecentSaveSeconds?.Count ?? 0) != saves.Count)
        {
            SaveSeconds.WithLabels(before?.Notice is not null ? "notice" : before?.PendingSave?.Reason ?? "periodic").Observe(saves[^1]);
        }
    }

    private static string Label(CapacityType capacity) => capacity == CapacityType.Spot ? "spot" : "on_demand";
}
