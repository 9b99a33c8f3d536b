using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Core.Tests.Validation;

/// <summary>A valid run to start from (2 workers, 1 GPU each, S3 storage, AfterPreemptions(2)); each With* changes one thing.</summary>
public sealed class TrainingRunBuilder
{
    private readonly TrainingRun _run;

    private TrainingRunBuilder(TrainingRun run) => _run = run;

    public static TrainingRunBuilder ARun() => new(new TrainingRun
    {
        Metadata = new V1ObjectMeta { Name = "llm-finetune", NamespaceProperty = "ml" },
        Spec = new TrainingRunSpec
        {
            Workers = 2,
            Template = new V1PodTemplateSpec
            {
                Spec = new V1PodSpec
                {
                    Containers = [Container("trainer", "ghcr.io/example/trainer:1.0", gpus: "1")],
                },
            },
            Queues = new QueueNames { Spot = "spot", OnDemand = "on-demand" },
            Capacity = new CapacitySpec
            {
                Fallback = new FallbackSpec { Policies = [FallbackPolicy.AfterPreemptions], AfterPreemptions = 2 },
            },
            Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = "s3://ml-checkpoints/llm-finetune" } },
        },
    });

    /// <summary>A run with only the required fields, as a user would first write it.</summary>
    public static TrainingRunBuilder AMinimalRun() => new(new TrainingRun
    {
        Metadata = new V1ObjectMeta { Name = "minimal" },
        Spec = new TrainingRunSpec
        {
            Template = new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [Container("trainer", "python:3.11", gpus: null)] } },
            Queues = new QueueNames { Spot = "spot", OnDemand = "on-demand" },
            Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = "file:///var/checkpoints" } },
        },
    });

    public static V1Container Container(string name, string image, string? gpus = null, string? gpuLimit = null)
    {
        var container = new V1Container { Name = name, Image = image };
        if (gpus is not null || gpuLimit is not null)
        {
            container.Resources = new V1ResourceRequirements
            {
                Requests = gpus is null ? null : new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new(gpus) },
                Limits = new Dictionary<string, ResourceQuantity> { ["nvidia.com/gpu"] = new(gpuLimit ?? gpus) },
            };
        }

        return container;
    }

    public TrainingRunBuilder WithName(string? name) => With(r => r.Metadata.Name = name);

    public TrainingRunBuilder WithWorkers(int workers) => With(r => r.Spec.Workers = workers);

    public TrainingRunBuilder WithDistributed(int? masterPort, int? processesPerWorker) =>
        With(r => r.Spec.Distributed = new DistributedSpec { MasterPort = masterPort, ProcessesPerWorker = processesPerWorker });

    public TrainingRunBuilder WithContainers(params V1Container[] containers) => With(r => r.Spec.Template.Spec.Containers = containers);

    public TrainingRunBuilder WithGpuResources(IDictionary<string, ResourceQuantity>? requests, IDictionary<string, ResourceQuantity>? limits) =>
        With(r => r.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements { Requests = requests, Limits = limits });

    public TrainingRunBuilder WithRestartPolicy(string policy) => With(r => r.Spec.Template.Spec.RestartPolicy = policy);

    public TrainingRunBuilder WithEnv(string name, string value) =>
        With(r => r.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "LOG_LEVEL", Value = "info" }, new V1EnvVar { Name = name, Value = value }]);

    public TrainingRunBuilder WithQueues(string spot, string onDemand) => With(r => r.Spec.Queues = new QueueNames { Spot = spot, OnDemand = onDemand });

    public TrainingRunBuilder Preferring(CapacityType capacity) => With(r => r.Spec.Capacity!.Preferred = capacity);

    public TrainingRunBuilder WithPolicies(params FallbackPolicy[] policies) => With(r => Fallback(r).Policies = policies);

    public TrainingRunBuilder WithAfterPreemptions(int? count) => With(r => Fallback(r).AfterPreemptions = count);

    public TrainingRunBuilder WithSpotWait(string? wait) => With(r => Fallback(r).SpotWait = wait);

    public TrainingRunBuilder WithDeadline(DateTimeOffset? deadline, string? expectedDuration) =>
        With(r => (Fallback(r).Deadline, Fallback(r).ExpectedDuration) = (deadline, expectedDuration));

    public TrainingRunBuilder WithChangeoverDelay(string delay) => With(r => Fallback(r).ChangeoverDelay = delay);

    public TrainingRunBuilder WithStorage(string uri) => With(r => r.Spec.Checkpoint.Storage.Uri = uri);

    public TrainingRunBuilder WithCredentialsSecret(string name) => With(r => r.Spec.Checkpoint.Storage.CredentialsSecret = new V1LocalObjectReference { Name = name });

    public TrainingRunBuilder WithS3(S3Options options) => With(r => r.Spec.Checkpoint.Storage.S3 = options);

    public TrainingRunBuilder WithLocalPath(string path) => With(r => r.Spec.Checkpoint.LocalPath = path);

    public TrainingRunBuilder WithInterval(string interval) => With(r => r.Spec.Checkpoint.Interval = interval);

    public TrainingRunBuilder WithSaveTimeout(string timeout) => With(r => r.Spec.Checkpoint.SaveTimeout = timeout);

    public TrainingRunBuilder WithKeep(int keep) => With(r => r.Spec.Checkpoint.Keep = keep);

    public TrainingRunBuilder WithMaxAppFailures(int count) => With(r => r.Spec.MaxAppFailures = count);

    public TrainingRunBuilder WithPricing(double spot, double onDemand) =>
        With(r => r.Spec.Pricing = new PricingSpec { SpotPerGpuHour = spot, OnDemandPerGpuHour = onDemand });

    public TrainingRunBuilder With(Action<TrainingRun> change)
    {
        change(_run);
        return this;
    }

    public TrainingRun Build() => _run;

    private static FallbackSpec Fallback(TrainingRun run)
    {
        run.Spec.Capacity ??= new CapacitySpec();
        return run.Spec.Capacity.Fallback ??= new FallbackSpec();
    }
}
