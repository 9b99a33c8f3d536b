using Orchestrator.Charts.Tests.Chart;
using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests;

/// <summary>
/// templates/crd/ holds exactly the CRDs in crds/, wrapped. To regenerate after changing the API
/// types: <c>UPDATE_CHART_CRDS=1 dotnet test tests/Orchestrator.Charts.Tests --filter CrdSyncTests</c>.
/// </summary>
public sealed class CrdSyncTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    public static TheoryData<string> CrdFiles => new(Directory.EnumerateFiles(RepoPaths.Crds, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void Crds_folder_is_not_empty()
    {
        Assert.NotEmpty(CrdFiles);
    }

    [Theory]
    [MemberData(nameof(CrdFiles))]
    public void Chart_crd_template_is_generated_from_crds(string file)
    {
        var expected = ChartCrds.Wrap(file, File.ReadAllText(Path.Combine(RepoPaths.Crds, file)));
        var target = Path.Combine(RepoPaths.ChartCrds, file);

        Assert.True(File.Exists(target), $"charts/orchestrator/templates/crd/{file} is missing; run {ChartCrds.UpdateVariable}=1 dotnet test tests/Orchestrator.Charts.Tests");
        Assert.True(
            File.ReadAllText(target) == expected,
            $"charts/orchestrator/templates/crd/{file} differs from crds/{file}; run {ChartCrds.UpdateVariable}=1 dotnet test tests/Orchestrator.Charts.Tests");
    }

    [Fact]
    public void Chart_has_no_crd_that_crds_lacks()
    {
        var extra = Directory.Exists(RepoPaths.ChartCrds)
            ? Directory.EnumerateFiles(RepoPaths.ChartCrds).Select(Path.GetFileName).Where(f => !File.Exists(Path.Combine(RepoPaths.Crds, f!))).ToList()
            : [];
        Assert.True(extra.Count == 0, "in templates/crd/ but not in crds/ (delete them): " + string.Join(", ", extra));
    }

    public static TheoryData<string, bool, bool> Switches => new()
    {
        { "enabled and kept", true, true },
        { "enabled, deleted on uninstall", true, false },
        { "disabled", false, true },
    };

    [Theory]
    [MemberData(nameof(Switches))]
    public void Rendered_crds_equal_crds_folder_modulo_the_keep_annotation(string name, bool enabled, bool keep)
    {
        var values = YamlValues.With(YamlValues.With(fixture.Chart.DefaultValues, "crd.enabled", enabled), "crd.keep", keep);
        var rendered = fixture.Chart.Render(values).OfKind("CustomResourceDefinition").ToList();
        var expected = Directory.EnumerateFiles(RepoPaths.Crds, "*.yaml").SelectMany(f => YamlValues.LoadAll(File.ReadAllText(f))).ToList();
        if (!enabled)
        {
            Assert.Empty(rendered);
            return;
        }

        Assert.Equal(expected.Count, rendered.Count);
        foreach (var crd in rendered)
        {
            var annotations = ObjectPath.Get(crd, "metadata.annotations") as Dictionary<string, object?>;
            Assert.Equal(keep ? "keep" : null, annotations?.GetValueOrDefault("helm.sh/resource-policy"));
            annotations?.Remove("helm.sh/resource-policy");
            if (annotations is { Count: 0 })
            {
                ((Dictionary<string, object?>)crd["metadata"]!).Remove("annotations");
            }
        }

        Assert.Equal(YamlValues.ToYaml(expected), YamlValues.ToYaml(rendered));
        Assert.NotEmpty(name);
    }

    public static TheoryData<string, string, string> Wrapping => new()
    {
        { "no annotations", "apiVersion: v1\nkind: CustomResourceDefinition\nmetadata:\n  name: a\nspec: {}\n", "metadata:\n  {{- if .Values.crd.keep }}\n  annotations:\n    helm.sh/resource-policy: keep\n  {{- end }}\n  name: a\n" },
        { "existing annotations", "metadata:\n  name: a\n  annotations:\n    x: y\nspec: {}\n", "  annotations:\n    {{- if .Values.crd.keep }}\n    helm.sh/resource-policy: keep\n    {{- end }}\n    x: y\n" },
        { "annotations of a later object", "metadata:\n  name: a\nspec:\n  annotations:\n    x: y\n", "metadata:\n  {{- if .Values.crd.keep }}\n  annotations:" },
    };

    [Theory]
    [MemberData(nameof(Wrapping))]
    public void Wrap_adds_the_keep_annotation_where_metadata_has_it(string name, string crd, string expectedPart)
    {
        var wrapped = ChartCrds.Wrap("x.yaml", crd);
        Assert.StartsWith("{{- if .Values.crd.enabled }}\n", wrapped, StringComparison.Ordinal);
        Assert.EndsWith("{{- end }}\n", wrapped, StringComparison.Ordinal);
        Assert.Contains(expectedPart, wrapped, StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    [Fact]
    public void Wrap_refuses_a_crd_that_helm_would_read_as_a_template()
    {
        var error = Assert.Throws<InvalidDataException>(() => ChartCrds.Wrap("x.yaml", "metadata:\n  name: '{{ x }}'\n"));
        Assert.Contains("crds/x.yaml", error.Message, StringComparison.Ordinal);
    }
}
