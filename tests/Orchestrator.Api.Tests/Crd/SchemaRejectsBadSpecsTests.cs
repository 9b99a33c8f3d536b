using System.Text.Json.Nodes;
using k8s;
using Orchestrator.Api.Tests.Support;
using Orchestrator.Core.Tests.Validation;
using Orchestrator.Core.Validation;
using static Orchestrator.Core.Tests.Validation.TrainingRunBuilder;

namespace Orchestrator.Api.Tests.Crd;

/// <summary>
/// The CRD (structural schema + CEL rules) rejects the same bad specs as Core, at the same field,
/// wherever a schema can express the rule; and accepts what Core accepts.
/// </summary>
public sealed class SchemaRejectsBadSpecsTests
{
    private static readonly Dictionary<string, BadSpec> ByName = BadSpecs.All.ToDictionary(b => b.Name);

    public static TheoryData<string> SchemaExpressible => [.. BadSpecs.All.Where(b => b.SchemaRejects).Select(b => b.Name)];

    public static TheoryData<string> CoreOnly => [.. BadSpecs.All.Where(b => !b.SchemaRejects).Select(b => b.Name)];

    [Theory]
    [MemberData(nameof(SchemaExpressible))]
    public void Crd_rejects_the_bad_spec_at_the_field_core_names(string name)
    {
        var bad = ByName[name];
        var run = bad.Change(ARun()).Build();
        var corePath = TrainingRunValidator.Validate(run).Single().Path;

        var errors = CrdErrors(run);

        Assert.NotEmpty(errors);
        Assert.Contains(errors, e => Related(PathOf(e), corePath));
    }

    [Theory]
    [MemberData(nameof(CoreOnly))]
    public void Crd_accepts_what_only_core_can_reject(string name)
    {
        // Documents the split: these problems reach the controller, which reports InvalidSpec.
        var run = ByName[name].Change(ARun()).Build();

        Assert.Equal([], CrdErrors(run));
    }

    [Fact]
    public void Crd_accepts_the_builder_runs()
    {
        Assert.Equal([], CrdErrors(ARun().Build()));
        Assert.Equal([], CrdErrors(AMinimalRun().Build()));
    }

    private static List<string> CrdErrors(TrainingRun run)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(run))!;
        return [.. CrdSchema.Errors(json).Select(FromPointer), .. CrdCelRules.Errors(json)];
    }

    // "/spec/template/spec/containers/0/name: pattern: ..." → "spec.template.spec.containers[0].name: pattern: ..."
    private static string FromPointer(string error)
    {
        var colon = error.IndexOf(": ", StringComparison.Ordinal);
        var segments = error[..colon].Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = string.Concat(segments.Select((s, i) => int.TryParse(s, out _) ? $"[{s}]" : (i == 0 ? s : "." + s)));
        return path + error[colon..];
    }

    private static string PathOf(string error) => error[..error.IndexOf(": ", StringComparison.Ordinal)];

    // A required field is reported at its parent; a map entry below its map.
    private static bool Related(string crdPath, string corePath) =>
        corePath.StartsWith(crdPath, StringComparison.Ordinal) || crdPath.StartsWith(corePath, StringComparison.Ordinal);
}
