using System.Text.Json.Nodes;
using k8s;
using Orchestrator.Api.Tests.Support;
using Orchestrator.Core.Validation;

namespace Orchestrator.Api.Tests.Samples;

/// <summary>Every TrainingRun in samples/ loads into the C# types and passes the CRD schema, its CEL rules and Core validation.</summary>
public sealed class SampleTests
{
    private static readonly string[] Files =
    [
        .. Directory.GetFiles(Repo.PathOf("samples"), "*.yaml")
            .Where(f => YamlToJson.Documents(File.ReadAllText(f)).Any(IsTrainingRun))
            .Select(Path.GetFileName)
            .Order(StringComparer.Ordinal)
            .OfType<string>(),
    ];

    public static TheoryData<string> TrainingRunSamples => [.. Files];

    [Fact]
    public void The_documented_samples_are_there()
    {
        Assert.Equal(
            ["deadline-policy.yaml", "llm-finetune-azure.yaml", "llm-finetune-s3.yaml", "pytorch-ddp.yaml", "quickstart.yaml"],
            Files);
    }

    [Theory]
    [MemberData(nameof(TrainingRunSamples))]
    public void Sample_passes_the_crd_schema_and_its_cel_rules(string file)
    {
        foreach (var document in TrainingRuns(file))
        {
            Assert.Equal([], CrdSchema.Errors(document));
            Assert.Equal([], CrdCelRules.Errors(document));
        }
    }

    [Theory]
    [MemberData(nameof(TrainingRunSamples))]
    public void Sample_loads_into_the_api_types_and_passes_core_validation(string file)
    {
        foreach (var document in TrainingRuns(file))
        {
            var run = KubernetesJson.Deserialize<TrainingRun>(document.ToJsonString());

            Assert.Equal(ApiGroup.Kind, run.Kind);
            Assert.False(string.IsNullOrEmpty(run.Spec.Template.Spec.Containers[0].Image));
            Assert.Equal([], TrainingRunValidator.Validate(run).Select(e => e.ToString()));
            Assert.Equal([], TrainingRunValidator.ValidateSpec(Core.Validation.TrainingRunDefaults.Apply(run.Spec)).Select(e => e.ToString()));
        }
    }

    [Fact]
    public void Sample_round_trips_through_the_api_types_without_losing_fields()
    {
        foreach (var document in TrainingRuns("deadline-policy.yaml").Concat(TrainingRuns("llm-finetune-s3.yaml")))
        {
            var run = KubernetesJson.Deserialize<TrainingRun>(document.ToJsonString());
            var again = JsonNode.Parse(KubernetesJson.Serialize(run))!;

            Assert.Equal(Normalize(document["spec"]!), Normalize(again["spec"]!));
        }
    }

    [Fact]
    public void A_typo_in_a_field_name_is_rejected_by_the_schema()
    {
        var run = TrainingRuns("quickstart.yaml").Single();
        run["spec"]!["checkpoint"]!["intervall"] = "5m";

        Assert.Contains(CrdSchema.Errors(run), e => e.Contains("/spec/checkpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Quickstart_is_small_and_uses_the_queues_kueue_setup_defines()
    {
        var run = KubernetesJson.Deserialize<TrainingRun>(TrainingRuns("quickstart.yaml").Single().ToJsonString());
        var kueue = YamlToJson.Documents(File.ReadAllText(Repo.PathOf("samples/kueue-setup.yaml")));
        var localQueues = kueue.Where(d => (string?)d["kind"] == "LocalQueue").ToDictionary(d => (string)d["metadata"]!["name"]!, d => (string)d["spec"]!["clusterQueue"]!);
        var clusterQueues = kueue.Where(d => (string?)d["kind"] == "ClusterQueue").ToDictionary(
            d => (string)d["metadata"]!["name"]!,
            d => d["spec"]!["resourceGroups"]!.AsArray().SelectMany(g => g!["flavors"]!.AsArray()).Select(f => (string)f!["name"]!).ToList());

        Assert.Equal(2, run.Spec.Workers);
        Assert.StartsWith("file:///", run.Spec.Checkpoint.Storage.Uri, StringComparison.Ordinal);
        Assert.All(kueue, d => Assert.Equal("kueue.x-k8s.io/v1beta2", (string?)d["apiVersion"]));
        Assert.Equal("spot", clusterQueues[localQueues[run.Spec.Queues.Spot]][0]);
        Assert.Equal(["on-demand"], clusterQueues[localQueues[run.Spec.Queues.OnDemand]]);
    }

    private static bool IsTrainingRun(JsonNode document) => (string?)document["kind"] == ApiGroup.Kind;

    private static IEnumerable<JsonNode> TrainingRuns(string file) =>
        YamlToJson.Documents(File.ReadAllText(Repo.PathOf(Path.Combine("samples", file)))).Where(IsTrainingRun);

    // The API server canonicalises quantities to strings (8 becomes "8") and times to RFC 3339 in UTC.
    private static string Normalize(JsonNode node) => node switch
    {
        JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}:{Normalize(p.Value!)}")) + "}",
        JsonArray a => "[" + string.Join(",", a.Select(i => Normalize(i!))) + "]",
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String && DateTimeOffset.TryParse((string)v!, System.Globalization.CultureInfo.InvariantCulture, out var time) && ((string)v!).Contains('T', StringComparison.Ordinal)
            => time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => (string)v!,
        _ => node.ToJsonString(),
    };
}
