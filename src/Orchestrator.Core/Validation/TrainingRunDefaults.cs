using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

/// <summary>
/// Fills the defaults the CRD schema applies (from <see cref="Defaults"/>), for specs no API server
/// defaulted (the sandbox without a schema, a file checked by the CLI, unit tests).
/// </summary>
public static class TrainingRunDefaults
{
    /// <summary>
    /// Returns a copy of the spec with every defaulted field filled. The input is not changed; the copy
    /// shares the objects no default touches (template, queues, storage, pricing).
    /// </summary>
    public static TrainingRunSpec Apply(TrainingRunSpec spec)
    {
        var fallback = spec.Capacity?.Fallback;
        var checkpoint = spec.Checkpoint;
        return new TrainingRunSpec
        {
            Workers = spec.Workers,
            Template = spec.Template,
            Distributed = new DistributedSpec
            {
                MasterPort = spec.Distributed?.MasterPort ?? Defaults.MasterPort,
                ProcessesPerWorker = spec.Distributed?.ProcessesPerWorker ?? Defaults.ProcessesPerWorker,
            },
            Queues = spec.Queues,
            Capacity = new CapacitySpec
            {
                Preferred = spec.Capacity?.Preferred ?? Defaults.PreferredCapacity,
                SpotZones = spec.Capacity?.SpotZones is { } zones ? [.. zones] : null,
                ZoneLabel = spec.Capacity?.ZoneLabel ?? Defaults.ZoneLabel,
                Fallback = new FallbackSpec
                {
                    Policies = fallback?.Policies is { } policies ? [.. policies] : [Defaults.FallbackPolicy],
                    AfterPreemptions = fallback?.AfterPreemptions,
                    SpotWait = fallback?.SpotWait,
                    Deadline = fallback?.Deadline,
                    DeadlineAlgorithm = fallback?.DeadlineAlgorithm ?? Defaults.DeadlineAlgorithm,
                    ExpectedDuration = fallback?.ExpectedDuration,
                    ChangeoverDelay = fallback?.ChangeoverDelay ?? Defaults.ChangeoverDelay,
                    ReturnToSpot = fallback?.ReturnToSpot ?? Defaults.ReturnToSpot,
                },
            },
            Checkpoint = new CheckpointSpec
            {
                Storage = checkpoint.Storage,
                LocalPath = checkpoint.LocalPath ?? Defaults.LocalPath,
                Interval = checkpoint.Interval ?? Defaults.Interval,
                SaveOnNotice = checkpoint.SaveOnNotice ?? Defaults.SaveOnNotice,
                SaveTimeout = checkpoint.SaveTimeout ?? Defaults.SaveTimeout,
                Keep = checkpoint.Keep ?? Defaults.Keep,
            },
            MaxAppFailures = spec.MaxAppFailures ?? Defaults.MaxAppFailures,
            Suspend = spec.Suspend,
            Pricing = spec.Pricing,
        };
    }
}
