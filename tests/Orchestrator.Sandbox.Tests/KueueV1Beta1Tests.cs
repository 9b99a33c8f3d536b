using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Tests.Support;

namespace Orchestrator.Sandbox.Tests;

/// <summary>kueue.x-k8s.io/v1beta1 beside the stored v1beta2, converted as Kueue's conversion functions do.</summary>
public sealed class KueueV1Beta1Tests(KestrelSandboxFixture fixture) : IClassFixture<KestrelSandboxFixture>
{
    private const string V1Beta1 = "/apis/kueue.x-k8s.io/v1beta1";
    private const string V1Beta2 = "/apis/kueue.x-k8s.io/v1beta2";
    private readonly RawApi _api = new(fixture.Server.CreateHttpClient());

    [Fact]
    public async Task The_design_docs_v1beta1_cluster_queue_applies_with_kubectl_and_reads_back_as_v1beta2()
    {
        var applied = await fixture.Kubectl.RunAsync("apply", "-f", Repo.TestData("clusterqueue-v1beta1.yaml"));

        Assert.True(applied.ExitCode == 0, applied.ToString());
        Assert.Contains("clusterqueue.kueue.x-k8s.io/design-spot created", applied.Stdout, StringComparison.Ordinal);
        var stored = await _api.GetAsync($"{V1Beta2}/clusterqueues/design-spot");
        Assert.Equal("kueue.x-k8s.io/v1beta2", stored.At("apiVersion"));
        Assert.Equal("gpu", stored.At("spec.cohortName"));
        Assert.Null(stored.Json["spec"]!["cohort"]);
        Assert.Equal("4", stored.At("spec.resourceGroups.0.flavors.0.resources.0.borrowingLimit"));

        var asV1Beta1 = await fixture.Kubectl.RunAsync("get", "clusterqueues.v1beta1.kueue.x-k8s.io", "design-spot", "-o", "jsonpath={.apiVersion} {.spec.cohort}");
        Assert.Equal("kueue.x-k8s.io/v1beta1 gpu", asV1Beta1.Stdout);
        var again = await fixture.Kubectl.RunAsync("apply", "-f", Repo.TestData("clusterqueue-v1beta1.yaml"));
        Assert.Contains("clusterqueue.kueue.x-k8s.io/design-spot unchanged", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Discovery_serves_both_versions_and_prefers_v1beta2()
    {
        var group = await _api.GetAsync("/apis/kueue.x-k8s.io");

        Assert.Equal("v1beta2", group.At("preferredVersion.version"));
        Assert.Equal(["v1beta2", "v1beta1"], group.Json["versions"]!.AsArray().Select(v => v!["version"]!.GetValue<string>()));
        var resources = await _api.GetAsync(V1Beta1);
        Assert.Equal(["workloads", "workloads/status", "localqueues", "localqueues/status", "clusterqueues", "clusterqueues/status", "resourceflavors"],
            resources.Json["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_v1beta1_patch_applies_to_the_v1beta1_view_and_lists_and_watches_convert()
    {
        Assert.Equal(System.Net.HttpStatusCode.Created, (await _api.PostAsync($"{V1Beta2}/clusterqueues",
            """{"apiVersion":"kueue.x-k8s.io/v1beta2","kind":"ClusterQueue","metadata":{"name":"patched-v1beta1"},"spec":{"cohortName":"a"}}""")).Code);
        var list = await _api.GetAsync($"{V1Beta1}/clusterqueues");
        var rv = list.At("metadata.resourceVersion");

        var patched = await _api.PatchAsync($"{V1Beta1}/clusterqueues/patched-v1beta1", """{"spec":{"cohort":"b"}}""");

        Assert.Equal("b", patched.At("spec.cohort"));
        Assert.Equal("kueue.x-k8s.io/v1beta1", patched.At("apiVersion"));
        Assert.Equal("b", (await _api.GetAsync($"{V1Beta2}/clusterqueues/patched-v1beta1")).At("spec.cohortName"));
        Assert.Equal("ClusterQueueList", list.At("kind"));
        Assert.Equal("kueue.x-k8s.io/v1beta1", list.At("apiVersion"));
        Assert.All(list.Json["items"]!.AsArray(), item => Assert.Equal("kueue.x-k8s.io/v1beta1", item!["apiVersion"]!.GetValue<string>()));

        var watch = await _api.GetAsync($"{V1Beta1}/clusterqueues?watch=true&resourceVersion={rv}&timeoutSeconds=1&fieldSelector=metadata.name%3Dpatched-v1beta1");
        var modified = JsonNode.Parse(watch.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0])!;
        Assert.Equal("MODIFIED", modified["type"]!.GetValue<string>());
        Assert.Equal("kueue.x-k8s.io/v1beta1", modified["object"]!["apiVersion"]!.GetValue<string>());
        Assert.Equal("b", modified["object"]!["spec"]!["cohort"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string, string> Conversions => new()
    {
        {
            "ClusterQueue cohort",
            "clusterqueues",
            """{"spec":{"cohort":"gpu","queueingStrategy":"StrictFIFO"}}""",
            """{"spec":{"queueingStrategy":"StrictFIFO","cohortName":"gpu"}}"""
        },
        {
            "ClusterQueue admissionChecks become the strategy",
            "clusterqueues",
            """{"spec":{"admissionChecks":["prov","multikueue"]}}""",
            """{"spec":{"admissionChecksStrategy":{"admissionChecks":[{"name":"prov"},{"name":"multikueue"}]}}}"""
        },
        {
            "ClusterQueue fungibility Borrow and Preempt become MayStopSearch",
            "clusterqueues",
            """{"spec":{"flavorFungibility":{"whenCanBorrow":"Borrow","whenCanPreempt":"Preempt"}}}""",
            """{"spec":{"flavorFungibility":{"whenCanBorrow":"MayStopSearch","whenCanPreempt":"MayStopSearch"}}}"""
        },
        {
            "LocalQueue flavorUsage",
            "localqueues",
            """{"status":{"flavorUsage":[{"name":"spot"}]}}""",
            """{"status":{"flavorsUsage":[{"name":"spot"}]}}"""
        },
        {
            "Workload priority class source and name",
            "workloads",
            """{"spec":{"priorityClassSource":"kueue.x-k8s.io/workloadpriorityclass","priorityClassName":"high"}}""",
            """{"spec":{"priorityClassRef":{"group":"kueue.x-k8s.io","kind":"WorkloadPriorityClass","name":"high"}}}"""
        },
        {
            "Workload execution time (v1beta1's spelling)",
            "workloads",
            """{"status":{"accumulatedPastExexcutionTimeSeconds":42}}""",
            """{"status":{"accumulatedPastExecutionTimeSeconds":42}}"""
        },
    };

    [Theory]
    [MemberData(nameof(Conversions))]
    public void Kueue_conversions_turn_v1beta1_fields_into_v1beta2(string name, string plural, string v1beta1, string v1beta2)
    {
        var type = KueueV1Beta1.Types.Single(t => t.Plural == plural);

        var stored = type.Conversion!.ToStored(JsonNode.Parse(v1beta1)!.AsObject());

        stored.Remove("apiVersion");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(v1beta2), stored), $"{name}: {stored.ToJsonString()}");
    }

    [Theory]
    [InlineData("clusterqueues", """{"spec":{"cohort":"gpu"}}""")]
    [InlineData("localqueues", """{"status":{"flavorUsage":[{"name":"spot"}]}}""")]
    [InlineData("workloads", """{"spec":{"priorityClassSource":"scheduling.k8s.io/priorityclass","priorityClassName":"p"},"status":{"accumulatedPastExexcutionTimeSeconds":1}}""")]
    public void Kueue_conversions_round_trip(string plural, string v1beta1)
    {
        var type = KueueV1Beta1.Types.Single(t => t.Plural == plural);
        var original = JsonNode.Parse(v1beta1)!.AsObject();

        var back = type.Conversion!.FromStored(type.Conversion.ToStored(original.DeepClone().AsObject()));

        Assert.Equal("kueue.x-k8s.io/v1beta1", back["apiVersion"]!.GetValue<string>());
        back.Remove("apiVersion");
        Assert.True(JsonNode.DeepEquals(original, back), back.ToJsonString());
    }
}
