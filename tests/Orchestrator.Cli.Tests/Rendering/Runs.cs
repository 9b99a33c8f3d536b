using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Cli.Tests.Rendering;

/// <summary>Fixed runs at fixed times, so rendered tables are byte-for-byte stable.</summary>
internal static class Runs
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static TrainingRun Pending(string name, string ns = "default") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, CreationTimestamp = Now.AddSeconds(-42).UtcDateTime, Generation = 1 },
        Spec = new TrainingRunSpec
        {
            Workers = 2,
            Queues = new QueueNames { Spot = "spot", OnDemand = "on-demand" },
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    Containers =
                    [
                        new V1Container
                        {
                            Name = "trainer",
                            Image = "python:3.11",
                            Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new("1") } },
                        },
                    ],
                },
            },
            Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = "s3://ckpt/team-a" } },
        },
    };

    /// <summary>Preempted twice on spot, now on on-demand after the AfterPreemptions(2) fallback.</summary>
    public static TrainingRun FellBack()
    {
        var run = Pending("llm-finetune", "ml");
        run.Metadata.CreationTimestamp = Now.AddHours(-5).AddMinutes(-12).UtcDateTime;
        run.Spec.Capacity = new CapacitySpec { Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterPreemptions], AfterPreemptions = 2 } };
        var t0 = Now.AddHours(-5);
        run.Status = new TrainingRunStatus
        {
            Phase = RunPhase.Running,
            CurrentAttempt = 3,
            CapacityType = CapacityType.OnDemand,
            Preemptions = 2,
            LastCheckpoint = new CheckpointStatus { Id = "000000004200-a3", Step = 4200, SizeBytes = 3L << 30, Time = Now.AddMinutes(-4), Uri = "s3://ckpt/team-a/ml/llm-finetune/000000004200-a3/manifest.json" },
            GpuSeconds = new GpuSeconds { Spot = 2 * 3.5 * 3600, OnDemand = 2 * 1.2 * 3600 },
            Cost = new CostStatus { Estimated = 21.42, AllOnDemand = 28.76, Savings = 7.34, SavingsPercent = 25.5 },
            Attempts =
            [
                new AttemptRecord { Index = 1, Capacity = CapacityType.Spot, Queue = "spot", JobName = "llm-finetune-1", CreateTime = t0, StartTime = t0.AddMinutes(2), EndTime = t0.AddHours(2), EndReason = AttemptEndReason.Preempted, LostWorkSeconds = 3, Evidence = ["node/ip-10-0-1-7: taint aws-node-termination-handler/spot-itn", "pod/llm-finetune-1-0-x1: DisruptionTarget"] },
                new AttemptRecord { Index = 2, Capacity = CapacityType.Spot, Queue = "spot", JobName = "llm-finetune-2", CreateTime = t0.AddHours(2), StartTime = t0.AddHours(2).AddMinutes(5), EndTime = t0.AddHours(3).AddMinutes(40), EndReason = AttemptEndReason.Preempted, LostWorkSeconds = 610, Evidence = ["node/ip-10-0-3-9: deleted without notice"] },
                new AttemptRecord { Index = 3, Capacity = CapacityType.OnDemand, Queue = "on-demand", JobName = "llm-finetune-3", CreateTime = t0.AddHours(3).AddMinutes(40), StartTime = t0.AddHours(3).AddMinutes(48) },
            ],
        };
        return run;
    }

    /// <summary>A run whose trainer reports its step: 4200 of 10000 at 2.5 s/step, 4h02m to go, on track.</summary>
    public static TrainingRun Reporting()
    {
        var run = FellBack();
        run.Metadata.Name = "llm-pretrain";
        run.Status!.Progress = new ProgressStatus
        {
            Step = 4200,
            TotalSteps = 10000,
            StepSeconds = 2.5,
            Eta = Now.AddHours(4).AddMinutes(2),
            OnTrack = true,
            ReportedAt = Now.AddSeconds(-15),
        };
        return run;
    }
}
