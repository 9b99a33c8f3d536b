using Orchestrator.Api;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.TrainingRunBuilder;

namespace Orchestrator.Core.Tests.Validation;

public sealed class TrainingRunValidatorTests
{
    private static readonly Dictionary<string, BadSpec> BadByName = BadSpecs.All.ToDictionary(b => b.Name);

    public static TheoryData<string> BadSpecNames => [.. BadSpecs.All.Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(BadSpecNames))]
    public void Bad_spec_is_rejected_with_its_field_path_and_message(string name)
    {
        var bad = BadByName[name];
        var run = bad.Change(ARun()).Build();

        var errors = TrainingRunValidator.Validate(run).Select(e => e.ToString());

        Assert.Equal([bad.Error], errors);
    }

    private static readonly Dictionary<string, Func<TrainingRunBuilder>> Good = new()
    {
        ["the_builder_default"] = () => ARun(),
        ["only_required_fields"] = () => AMinimalRun(),
        ["never_fall_back"] = () => ARun().WithPolicies(FallbackPolicy.Never).WithAfterPreemptions(null),
        ["policies_left_to_default"] = () => ARun().WithPolicies(null!).WithAfterPreemptions(null),
        ["all_triggers_combined"] = () => ARun().WithPolicies(FallbackPolicy.AfterPreemptions, FallbackPolicy.AfterSpotWait, FallbackPolicy.Deadline)
            .WithSpotWait("15m").WithDeadline(new DateTimeOffset(2026, 12, 24, 0, 0, 0, TimeSpan.Zero), "36h").WithChangeoverDelay("0s"),
        ["on_demand_only"] = () => ARun().Preferring(CapacityType.OnDemand).WithPolicies(FallbackPolicy.Never).WithAfterPreemptions(null),
        ["azblob_storage"] = () => ARun().WithStorage("azblob://mlstore/checkpoints/llm").WithCredentialsSecret("azure-storage"),
        ["azure_https_storage"] = () => ARun().WithStorage("https://mlstore.blob.core.windows.net/checkpoints/llm"),
        ["file_storage"] = () => ARun().WithStorage("file:///mnt/shared/checkpoints"),
        ["s3_compatible_storage"] = () => ARun().WithS3(new S3Options { Endpoint = "http://127.0.0.1:9000", ForcePathStyle = true, ChecksumMode = S3ChecksumMode.WhenRequired, ChunkEncoding = false }),
        ["fractional_duration_interval"] = () => ARun().WithInterval("1.5h").WithSaveTimeout("90s"),
        ["compound_duration_interval"] = () => ARun().WithInterval("1h30m"),
        ["explicit_auto_interval"] = () => ARun().WithInterval("auto"),
        ["gpu_limit_only"] = () => ARun().WithGpuResources(null, new Dictionary<string, k8s.Models.ResourceQuantity> { ["nvidia.com/gpu"] = new("4") }),
        ["cpu_only_sidecar"] = () => ARun().WithContainers(Container("trainer", "t:1", gpus: "8"), Container("metrics", "m:1")),
        ["restart_policy_never"] = () => ARun().WithRestartPolicy("Never"),
        ["zero_app_failures_tolerated"] = () => ARun().WithMaxAppFailures(0).WithKeep(1),
        ["free_spot"] = () => ARun().WithPricing(0, 3.1),
        ["longest_name"] = () => ARun().WithName(new string('r', 52)),
    };

    public static TheoryData<string> GoodSpecNames => [.. Good.Keys];

    [Theory]
    [MemberData(nameof(GoodSpecNames))]
    public void Good_spec_has_no_errors(string name)
    {
        var run = Good[name]().Build();

        Assert.Empty(TrainingRunValidator.Validate(run));
    }

    [Fact]
    public void Every_problem_is_reported_at_once_in_field_order()
    {
        var run = ARun().WithWorkers(0).WithStorage("gs://b/p").WithKeep(0).WithQueues("spot", "Spot").Build();

        var errors = TrainingRunValidator.Validate(run).Select(e => e.Path);

        Assert.Equal(["spec.workers", "spec.queues.onDemand", "spec.checkpoint.storage.uri", "spec.checkpoint.keep"], errors);
    }

    [Fact]
    public void Missing_sections_are_reported_instead_of_crashing()
    {
        var run = ARun().With(r => (r.Spec.Template, r.Spec.Queues, r.Spec.Checkpoint) = (null!, null!, null!)).Build();

        var errors = TrainingRunValidator.Validate(run).Select(e => e.ToString());

        Assert.Equal(["spec.template: is required", "spec.queues: is required", "spec.checkpoint: is required"], errors);
    }

    [Fact]
    public void There_are_at_least_25_named_bad_specs_with_distinct_names()
    {
        Assert.True(BadSpecs.All.Count >= 25, $"only {BadSpecs.All.Count} bad specs");
        Assert.Equal(BadSpecs.All.Count, BadByName.Count);
    }
}
