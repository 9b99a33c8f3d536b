using System.Text.RegularExpressions;
using Orchestrator.Charts.Tests.Chart;

namespace Orchestrator.Charts.Tests;

/// <summary>
/// The operations docs match the chart and the controller contract: values keys and chart paths
/// they mention exist, links resolve, and every controller flag they or the chart use is specified
/// in docs/configuration.md.
/// </summary>
public sealed partial class DocsConsistencyTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    // Written on other branches (checkpoint contract, capacity policies); checked once they exist.
    private static readonly HashSet<string> DocsFromOtherBranches = ["checkpointing.md", "policies.md"];

    public static TheoryData<string> DocFiles => new(DocPaths());

    private static IEnumerable<string> DocPaths() =>
        Directory.EnumerateFiles(RepoPaths.Docs, "*.md")
            .Append(Path.Combine(RepoPaths.Chart, "README.md"))
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(DocFiles))]
    public void Values_keys_mentioned_exist(string doc)
    {
        var values = fixture.Chart.DefaultValues;
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, doc));
        // --set on helm commands for this chart (other charts' commands, e.g. NTH's, are skipped).
        var ourHelmCommands = text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Where(l => l.Contains("charts/orchestrator", StringComparison.Ordinal));
        // Code spans count only in docs about the chart; elsewhere `pricing.x` is a TrainingRun field.
        var aboutTheChart = text.Contains("values.yaml", StringComparison.Ordinal) || text.Contains("charts/orchestrator", StringComparison.Ordinal);
        var mentioned = ourHelmCommands.SelectMany(l => SetFlag().Matches(l).Select(m => m.Groups[1].Value))
            .Concat(aboutTheChart ? CodeSpan().Matches(text).Select(m => m.Groups[1].Value).Where(k => values.ContainsKey(k.Split('.')[0])) : [])
            .Distinct(StringComparer.Ordinal);
        var missing = mentioned.Where(k => !ExistsOrUnderAMap(values, k.Split('.'))).ToList();
        Assert.True(missing.Count == 0, $"{doc} mentions values keys that values.yaml lacks: {string.Join(", ", missing)}");
    }

    [Theory]
    [MemberData(nameof(DocFiles))]
    public void Repository_paths_and_links_resolve(string doc)
    {
        var directory = Path.GetDirectoryName(Path.Combine(RepoPaths.Root, doc))!;
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, doc));
        var broken = ChartPath().Matches(text).Select(m => m.Value.TrimEnd('.', ','))
            .Where(p => !File.Exists(Path.Combine(RepoPaths.Root, p)) && !Directory.Exists(Path.Combine(RepoPaths.Root, p)))
            .Concat(MarkdownLink().Matches(text).Select(m => m.Groups[1].Value)
                .Where(l => !l.Contains("://", StringComparison.Ordinal) && !DocsFromOtherBranches.Contains(Path.GetFileName(l)))
                .Where(l => !File.Exists(Path.Combine(directory, l)) && !Directory.Exists(Path.Combine(directory, l))))
            .ToList();
        Assert.True(broken.Count == 0, $"{doc} points at files that do not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void Every_controller_flag_used_is_specified_in_configuration_md()
    {
        var specified = SpecifiedFlags();
        var deployment = fixture.Defaults.Single("Deployment", "orchestrator");
        var chartFlags = ((List<object?>)ObjectPath.Get(deployment, "spec.template.spec.containers.0.args")!)
            .Select(a => ((string)a!).Split('=')[0]);
        var docFlags = DocPaths().SelectMany(d => ControllerCommandLines(File.ReadAllText(Path.Combine(RepoPaths.Root, d))))
            .SelectMany(line => FlagToken().Matches(line).Select(m => m.Value));
        var unspecified = chartFlags.Concat(docFlags).Where(f => !specified.Contains(f)).Distinct().ToList();
        Assert.True(unspecified.Count == 0, $"controller flags used but not in docs/configuration.md's table: {string.Join(", ", unspecified)}");
        Assert.Contains("--kubeconfig", specified);
    }

    [Fact]
    public void Configuration_md_shows_the_config_file_the_chart_renders()
    {
        var configuration = File.ReadAllText(Path.Combine(RepoPaths.Docs, "configuration.md"));
        var configMap = fixture.Defaults.Single("ConfigMap", "orchestrator");
        var rendered = Templating.YamlValues.LoadMap((string)((Dictionary<string, object?>)configMap["data"]!)["config.yaml"]!);
        foreach (var key in rendered.Keys)
        {
            Assert.Contains($"\n{key}:", configuration, StringComparison.Ordinal);
        }
    }

    private static HashSet<string> SpecifiedFlags() =>
        FlagRow().Matches(File.ReadAllText(Path.Combine(RepoPaths.Docs, "configuration.md"))).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    /// <summary>The controller's arguments on command lines in code blocks (after <c>--</c> of dotnet run, or after the binary).</summary>
    private static IEnumerable<string> ControllerCommandLines(string markdown)
    {
        var joined = markdown.Replace("\\\n", " ", StringComparison.Ordinal);
        foreach (var line in joined.Split('\n').Where(l => l.Contains("Orchestrator.Controller", StringComparison.Ordinal) && !l.Contains("Dockerfile", StringComparison.Ordinal)))
        {
            var separator = line.IndexOf(" -- ", StringComparison.Ordinal);
            if (line.Contains("dotnet run", StringComparison.Ordinal))
            {
                if (separator >= 0)
                {
                    yield return line[(separator + 4)..];
                }
            }
            else if (line.TrimStart().StartsWith("/app/controller/Orchestrator.Controller", StringComparison.Ordinal))
            {
                yield return line.TrimStart()["/app/controller/Orchestrator.Controller".Length..];
            }
        }
    }

    private static bool ExistsOrUnderAMap(Dictionary<string, object?> values, string[] keys)
    {
        object? node = values;
        foreach (var key in keys)
        {
            if (node is not Dictionary<string, object?> map)
            {
                return false;
            }

            if (!map.TryGetValue(key, out node))
            {
                // A key inside a free-form map (annotations, labels, nodeSelector) is the user's.
                return map.Count == 0;
            }
        }

        return true;
    }

    [GeneratedRegex(@"--set\s+([A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)*)")]
    private static partial Regex SetFlag();

    [GeneratedRegex(@"`([a-z][A-Za-z0-9]*(?:\.[A-Za-z][A-Za-z0-9]*)+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"charts/orchestrator(?:/[A-Za-z0-9_.\-]+)*")]
    private static partial Regex ChartPath();

    [GeneratedRegex(@"\]\(([^)#\s]+)(?:#[^)]*)?\)")]
    private static partial Regex MarkdownLink();

    [GeneratedRegex(@"^\| `(--[a-z-]+)", RegexOptions.Multiline)]
    private static partial Regex FlagRow();

    [GeneratedRegex(@"--[a-z][a-z-]*")]
    private static partial Regex FlagToken();
}
