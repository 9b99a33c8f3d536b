using k8s.Models;
using Orchestrator.Api;
using static Orchestrator.Core.Tests.Validation.TrainingRunBuilder;

namespace Orchestrator.Core.Tests.Validation;

/// <summary>Named invalid runs and the exact error each must produce; shared with the CRD schema tests.</summary>
public static class BadSpecs
{
    private const string Containers = "spec.template.spec.containers";
    private const string Fallback = "spec.capacity.fallback";
    private const string Storage = "spec.checkpoint.storage";
    private const string DnsLabel = "must be a DNS label (lower-case letters, digits and '-', at most 63 characters)";
    private const string Positive = "must be a positive duration such as 90s, 30m or 1h30m";

    private static readonly DateTimeOffset Deadline = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    public static IReadOnlyList<BadSpec> All { get; } =
    [
        new("no_name", r => r.WithName(null), "metadata.name: is required", SchemaRejects: false),
        new("name_too_long_for_job_names", r => r.WithName(new string('a', 53)),
            "metadata.name: must be at most 52 characters (got 53) so the attempt Job name <name>-<attempt> fits in 63", SchemaRejects: false),
        new("name_not_a_dns_label", r => r.WithName("llm.finetune"),
            "metadata.name: must be a DNS label (lower-case letters, digits and '-') because attempt Jobs and labels are named after it", SchemaRejects: false),
        new("zero_workers", r => r.WithWorkers(0), "spec.workers: must be at least 1 (got 0)"),
        new("master_port_zero", r => r.WithDistributed(0, null), "spec.distributed.masterPort: must be at least 1 (got 0)"),
        new("master_port_above_65535", r => r.WithDistributed(70000, null), "spec.distributed.masterPort: must be at most 65535"),
        new("zero_processes_per_worker", r => r.WithDistributed(null, 0), "spec.distributed.processesPerWorker: must be at least 1 (got 0)"),
        new("no_containers", r => r.WithContainers(), $"{Containers}: must have at least one container"),
        new("container_without_image", r => r.WithContainers(Container("trainer", "")), $"{Containers}[0].image: is required"),
        new("container_name_not_a_dns_label", r => r.WithContainers(Container("Trainer", "python:3.11")), $"{Containers}[0].name: {DnsLabel}"),
        new("duplicate_container_names", r => r.WithContainers(Container("trainer", "a:1"), Container("trainer", "b:1")),
            $"{Containers}[1].name: duplicate container name \"trainer\"", SchemaRejects: false),
        new("gpu_requested_without_limit", r => r.WithGpuResources(Gpus("1"), null),
            $"{Containers}[0].resources.limits: a container that requests nvidia.com/gpu must set the same amount in limits (requests 1, limits none)"),
        new("gpu_limit_differs_from_request", r => r.WithGpuResources(Gpus("2"), Gpus("1")),
            $"{Containers}[0].resources.limits: a container that requests nvidia.com/gpu must set the same amount in limits (requests 2, limits 1)"),
        new("fractional_gpu", r => r.WithGpuResources(null, Gpus("0.5")),
            $"{Containers}[0].resources.limits[nvidia.com/gpu]: must be a whole number of GPUs (got 500m)", SchemaRejects: false),
        new("restart_policy_on_failure", r => r.WithRestartPolicy("OnFailure"),
            "spec.template.spec.restartPolicy: must be Never or unset, not OnFailure: the controller retries failed attempts itself", SchemaRejects: false),
        new("reserved_env_var", r => r.WithEnv(EnvVars.Rank, "3"),
            $"{Containers}[0].env[1].name: ORCH_RANK is reserved: the controller sets the ORCH_* variables", SchemaRejects: false),
        new("missing_spot_queue", r => r.WithQueues("", "on-demand"), "spec.queues.spot: is required"),
        new("on_demand_queue_not_a_dns_label", r => r.WithQueues("spot", "On_Demand"), $"spec.queues.onDemand: {DnsLabel}"),
        new("one_queue_for_both_capacity_types", r => r.WithQueues("gpu", "gpu"),
            "spec.queues.onDemand: must differ from spec.queues.spot (both are \"gpu\"): each capacity type needs its own LocalQueue", SchemaRejects: false),
        new("never_combined_with_a_trigger", r => r.WithPolicies(FallbackPolicy.Never, FallbackPolicy.AfterPreemptions),
            $"{Fallback}.policies: Never cannot be combined with other policies"),
        new("no_policies", r => r.WithPolicies(),
            $"{Fallback}.policies: must name at least one policy (Never to stay on the preferred capacity)"),
        new("duplicate_policy", r => r.WithPolicies(FallbackPolicy.AfterPreemptions, FallbackPolicy.AfterPreemptions),
            $"{Fallback}.policies[1]: duplicate policy \"AfterPreemptions\""),
        new("after_preemptions_without_count", r => r.WithAfterPreemptions(null),
            $"{Fallback}.afterPreemptions: the AfterPreemptions policy needs afterPreemptions"),
        new("after_preemptions_zero", r => r.WithAfterPreemptions(0), $"{Fallback}.afterPreemptions: must be at least 1 (got 0)"),
        new("after_spot_wait_without_wait", r => r.WithPolicies(FallbackPolicy.AfterSpotWait),
            $"{Fallback}.spotWait: the AfterSpotWait policy needs spotWait"),
        new("spot_wait_in_words", r => r.WithPolicies(FallbackPolicy.AfterSpotWait).WithSpotWait("ten minutes"),
            $"{Fallback}.spotWait: invalid duration \"ten minutes\" (use Go syntax such as 90s, 30m or 1h30m)"),
        new("spot_wait_zero", r => r.WithPolicies(FallbackPolicy.AfterSpotWait).WithSpotWait("0s"), $"{Fallback}.spotWait: {Positive}"),
        new("deadline_policy_without_deadline", r => r.WithPolicies(FallbackPolicy.Deadline).WithDeadline(null, "10h"),
            $"{Fallback}.deadline: the Deadline policy needs deadline"),
        new("negative_expected_duration", r => r.WithPolicies(FallbackPolicy.Deadline).WithDeadline(Deadline, "-10h"),
            $"{Fallback}.expectedDuration: {Positive}"),
        new("changeover_delay_in_days", r => r.WithChangeoverDelay("1d"),
            $"{Fallback}.changeoverDelay: invalid duration \"1d\" (use Go syntax such as 90s, 30m or 1h30m)"),
        new("triggers_when_already_on_demand", r => r.Preferring(CapacityType.OnDemand),
            $"{Fallback}.policies: fallback triggers move a run from spot to on-demand, but spec.capacity.preferred is already OnDemand (use [Never])", SchemaRejects: false),
        new("no_storage_uri", r => r.WithStorage(""), $"{Storage}.uri: is required"),
        new("gcs_storage", r => r.WithStorage("gs://bucket/ckpt"), $"{Storage}.uri: unsupported scheme \"gs\" (use s3, azblob, https or file)"),
        new("storage_uri_without_scheme", r => r.WithStorage("ml-checkpoints/run"),
            $"{Storage}.uri: must start with s3://, azblob://, https:// or file:// (got \"ml-checkpoints/run\")"),
        new("s3_without_bucket", r => r.WithStorage("s3:///run"), $"{Storage}.uri: s3 URI needs a bucket (s3://bucket/prefix)", SchemaRejects: false),
        new("s3_bucket_with_upper_case", r => r.WithStorage("s3://ML_Checkpoints/run"),
            $"{Storage}.uri: invalid S3 bucket name \"ML_Checkpoints\" (3-63 lower-case letters, digits, '.' and '-')", SchemaRejects: false),
        new("azblob_without_container", r => r.WithStorage("azblob://account"),
            $"{Storage}.uri: azblob URI needs an account and a container (azblob://account/container/prefix)", SchemaRejects: false),
        new("https_without_container", r => r.WithStorage("https://account.blob.core.windows.net"),
            $"{Storage}.uri: https URI needs a host and a container (https://<account>.blob.core.windows.net/<container>/prefix)", SchemaRejects: false),
        new("sas_token_in_uri", r => r.WithStorage("https://account.blob.core.windows.net/ckpt/run?sv=2024-01-01&sig=c2VjcmV0"),
            $"{Storage}.uri: must not carry credentials or a query string (such as a SAS token); use credentialsSecret", SchemaRejects: false),
        new("file_uri_with_a_host", r => r.WithStorage("file://checkpoints/run"),
            $"{Storage}.uri: file URI needs an absolute path below / and no host (file:///path)", SchemaRejects: false),
        new("credentials_secret_without_name", r => r.WithCredentialsSecret(""), $"{Storage}.credentialsSecret.name: is required"),
        new("s3_options_on_azure_storage", r => r.WithStorage("azblob://account/ckpt/run").WithS3(new S3Options { ForcePathStyle = true }),
            $"{Storage}.s3: s3 options apply only to s3:// storage"),
        new("s3_endpoint_without_scheme", r => r.WithS3(new S3Options { Endpoint = "minio.storage:9000" }),
            $"{Storage}.s3.endpoint: must be an http:// or https:// URL"),
        new("relative_local_path", r => r.WithLocalPath("checkpoints"), "spec.checkpoint.localPath: must be an absolute path"),
        new("root_local_path", r => r.WithLocalPath("/"),
            "spec.checkpoint.localPath: must not be the root folder: a restore replaces the folder's content", SchemaRejects: false),
        new("interval_in_words", r => r.WithInterval("hourly"),
            "spec.checkpoint.interval: invalid interval \"hourly\" (use auto or a Go duration such as 30m)"),
        new("interval_zero", r => r.WithInterval("0m"), "spec.checkpoint.interval: must be auto or a positive duration such as 30m"),
        new("save_timeout_with_space", r => r.WithSaveTimeout("5 m"),
            "spec.checkpoint.saveTimeout: invalid duration \"5 m\" (use Go syntax such as 90s, 30m or 1h30m)"),
        new("keep_zero", r => r.WithKeep(0), "spec.checkpoint.keep: must be at least 1 (got 0)"),
        new("negative_max_app_failures", r => r.WithMaxAppFailures(-1), "spec.maxAppFailures: must be at least 0 (got -1)"),
        new("negative_spot_price", r => r.WithPricing(-0.5, 2.5), "spec.pricing.spotPerGpuHour: must be a price of at least 0 (got -0.5)"),
    ];

    private static Dictionary<string, ResourceQuantity> Gpus(string count) => new() { ["nvidia.com/gpu"] = new ResourceQuantity(count) };
}
