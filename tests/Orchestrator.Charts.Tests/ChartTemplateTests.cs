using Orchestrator.Charts.Tests.Chart;
using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests;

/// <summary>The templates are well-formed, keep to the rendered subset, and agree with values.yaml in both directions.</summary>
public sealed class ChartTemplateTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    public static TheoryData<string> TemplateFiles => new(
        Directory.EnumerateFiles(Path.Combine(RepoPaths.Chart, "templates"), "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Chart, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(TemplateFiles))]
    public void Template_is_well_formed(string file)
    {
        var parsed = TemplateParser.Parse(file, File.ReadAllText(Path.Combine(RepoPaths.Chart, file)));
        Assert.True(parsed.Body.Count > 0 || parsed.Defines.Count > 0, $"{file} is empty");
    }

    [Fact]
    public void Templates_use_only_functions_the_tests_can_render()
    {
        var unsupported = fixture.Chart.Templates
            .SelectMany(t => TemplateWalker.Functions(t).Select(f => (t.File, f.Line, f.Name)))
            .Where(f => !TemplateFunctions.Names.Contains(f.Name))
            .Select(f => $"{f.File}:{f.Line}: {f.Name}")
            .ToList();
        Assert.True(unsupported.Count == 0, "functions outside the rendered subset:\n" + string.Join("\n", unsupported));
    }

    [Fact]
    public void Every_values_reference_exists_in_values_yaml()
    {
        var values = fixture.Chart.DefaultValues;
        var missing = fixture.Chart.Templates
            .SelectMany(TemplateWalker.ValuesReferences)
            .Where(r => !ObjectPath.Exists(values, r.Keys))
            .Select(r => $"{r.File}:{r.Line}: .Values.{r.Path}")
            .ToList();
        Assert.True(missing.Count == 0, "referenced but not in values.yaml:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Every_values_key_is_used_by_a_template()
    {
        var used = fixture.Chart.Templates.SelectMany(TemplateWalker.ValuesReferences).Select(r => r.Path).ToHashSet(StringComparer.Ordinal);
        var unused = ValuesKeys.Leaves(fixture.Chart.DefaultValues)
            .Where(key => !used.Any(u => key == u || key.StartsWith(u + ".", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unused.Count == 0, "in values.yaml but used by no template (dead settings):\n" + string.Join("\n", unused));
    }

    [Fact]
    public void Every_values_key_is_documented_by_a_comment()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Chart, "values.yaml"));
        var undocumented = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!IsTopLevelKey(lines[i]))
            {
                continue;
            }

            // A comment above the key (or above a run of keys it belongs to), or as the first line inside it.
            var above = i - 1;
            while (above >= 0 && IsTopLevelKey(lines[above]))
            {
                above--;
            }

            var commentAbove = above >= 0 && lines[above].StartsWith('#');
            var commentInside = i + 1 < lines.Length && lines[i + 1].TrimStart().StartsWith('#');
            if (!commentAbove && !commentInside)
            {
                undocumented.Add($"values.yaml:{i + 1}: {lines[i]}");
            }
        }

        Assert.True(undocumented.Count == 0, "values without a comment:\n" + string.Join("\n", undocumented));
    }

    private static bool IsTopLevelKey(string line) => line.Length > 0 && char.IsLetter(line[0]);
}
