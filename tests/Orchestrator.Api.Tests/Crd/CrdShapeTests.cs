using System.Text.Json.Nodes;
using Orchestrator.Api.Tests.Support;
using Orchestrator.CrdGen;

namespace Orchestrator.Api.Tests.Crd;

/// <summary>What kubectl and the API server read from the CRD: names, scope, status subresource, columns, defaults.</summary>
public sealed class CrdShapeTests
{
    private static readonly JsonObject Crd = YamlToJson.Documents(File.ReadAllText(Repo.PathOf(CrdFile.RelativePath))).Single().AsObject();

    [Fact]
    public void The_generated_yaml_reads_back_as_the_generated_tree()
    {
        var reread = YamlToJson.Documents(CrdGenerator.GenerateYaml()).Single();

        Assert.True(JsonNode.DeepEquals(CrdGenerator.Generate(), reread), "YamlWriter output does not round-trip");
    }

    [Fact]
    public void Names_scope_and_version_are_those_of_the_api()
    {
        Assert.Equal("apiextensions.k8s.io/v1", (string?)Crd["apiVersion"]);
        Assert.Equal("trainingruns.orchestrator.dev", (string?)Crd["metadata"]!["name"]);
        var spec = Crd["spec"]!;
        Assert.Equal("orchestrator.dev", (string?)spec["group"]);
        Assert.Equal("Namespaced", (string?)spec["scope"]);
        Assert.Equal("tr", (string?)spec["names"]!["shortNames"]![0]);
        var version = spec["versions"]!.AsArray().Single()!;
        Assert.Equal("v1alpha1", (string?)version["name"]);
        Assert.NotNull(version["subresources"]!["status"]);
    }

    [Fact]
    public void Kubectl_get_shows_phase_capacity_attempt_preemptions_checkpoint_step_and_age()
    {
        var columns = Crd["spec"]!["versions"]![0]!["additionalPrinterColumns"]!.AsArray()
            .Select(c => $"{c!["name"]}={c["jsonPath"]}");

        Assert.Equal(
            ["Phase=.status.phase", "Capacity=.status.capacityType", "Attempt=.status.currentAttempt",
             "Preemptions=.status.preemptions", "Checkpoint=.status.lastCheckpoint.step", "Age=.metadata.creationTimestamp"],
            columns);
    }

    [Theory]
    [InlineData("workers", "1")]
    [InlineData("maxAppFailures", "3")]
    [InlineData("capacity.preferred", "\"Spot\"")]
    [InlineData("capacity.fallback.policies", "[\"Never\"]")]
    [InlineData("capacity.fallback.changeoverDelay", "\"12m\"")]
    [InlineData("capacity.fallback.returnToSpot", "true")]
    [InlineData("checkpoint.localPath", "\"/checkpoints\"")]
    [InlineData("checkpoint.interval", "\"auto\"")]
    [InlineData("checkpoint.saveOnNotice", "true")]
    [InlineData("checkpoint.saveTimeout", "\"5m\"")]
    [InlineData("checkpoint.keep", "3")]
    public void Schema_defaults_are_the_api_defaults(string field, string json)
    {
        var node = CrdSchema.OpenApiSchema()["properties"]!["spec"]!;
        foreach (var name in field.Split('.'))
        {
            node = node["properties"]![name]!;
        }

        Assert.Equal(json, node["default"]!.ToJsonString());
    }

    [Fact]
    public void Every_cel_rule_carries_a_message()
    {
        var rules = Descendants(CrdSchema.OpenApiSchema())
            .OfType<JsonObject>()
            .Where(o => o.ContainsKey("x-kubernetes-validations"))
            .SelectMany(o => o["x-kubernetes-validations"]!.AsArray())
            .ToList();

        Assert.True(rules.Count >= 15, $"only {rules.Count} CEL rules");
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace((string?)r!["message"])));
    }

    private static IEnumerable<JsonNode> Descendants(JsonNode node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a,
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>().SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
