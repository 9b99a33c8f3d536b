using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Charts.Tests.Chart;
using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests.Monitoring;

/// <summary>
/// The Grafana dashboard and the PrometheusRule the chart ships: gated by values, every PromQL expression parsed by
/// Prometheus' own grammar (npm @prometheus-io/lezer-promql, run by Node from tests/promql), and every metric named
/// is one the controller exports.
/// </summary>
public sealed partial class MonitoringTests(ChartFixture fixture) : IClassFixture<ChartFixture>
{
    private static readonly string PromqlFolder = Path.Combine(RepoPaths.Root, "tests", "promql");

    [Theory]
    [InlineData("grafanaDashboard.enabled", "ConfigMap", "orchestrator-dashboard")]
    [InlineData("prometheusRule.enabled", "PrometheusRule", "orchestrator")]
    public void Each_is_off_by_default_and_on_when_enabled(string key, string kind, string name)
    {
        Assert.DoesNotContain(fixture.Defaults.OfKind(kind), o => Equals(ObjectPath.Get(o, "metadata.name"), name));
        var on = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, key, true));
        Assert.Single(on.OfKind(kind), o => Equals(ObjectPath.Get(o, "metadata.name"), name));
    }

    [Fact]
    public void The_dashboard_carries_the_sidecar_label_and_the_panels_people_look_for()
    {
        var dashboard = Dashboard(out var configMap);

        Assert.Equal("1", ObjectPath.Get(configMap, "metadata.labels.grafana_dashboard")?.ToString());
        var titles = dashboard["panels"]!.AsArray().Select(p => p!["title"]!.GetValue<string>()).ToList();
        foreach (var wanted in new[] { "Runs by phase", "Preemptions and recoveries", "Notice to checkpoint request", "Checkpoint save duration", "Lost work", "GPU-hours by capacity", "Spend by team", "Savings against all on-demand by team" })
        {
            Assert.Contains(titles, t => t.StartsWith(wanted, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Every_expression_parses_with_prometheus_grammar_and_names_only_exported_metrics()
    {
        var expressions = DashboardExpressions().Concat(RuleExpressions()).ToList();
        Assert.True(expressions.Count >= 15, $"only {expressions.Count} expressions found");

        var parsed = Parse(expressions);

        var exported = ExportedMetrics();
        foreach (var result in parsed.AsArray())
        {
            var expr = result!["expr"]!.GetValue<string>();
            Assert.True(result["error"] is null, $"{expr}: {result["error"]}");
            foreach (var metric in result["metrics"]!.AsArray().Select(m => m!.GetValue<string>()))
            {
                var family = HistogramSeries().Replace(metric, "");
                Assert.True(exported.Contains(family), $"{expr}: {metric} is not a metric the controller exports");
            }
        }
    }

    [Fact]
    public void A_broken_expression_is_caught()
    {
        var parsed = Parse(["sum(rate(orchestrator_reconciles_total[5m])"]);
        Assert.NotNull(parsed[0]!["error"]);
    }

    private JsonObject Dashboard(out Dictionary<string, object?> configMap)
    {
        var rendered = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, "grafanaDashboard.enabled", true));
        configMap = rendered.Single("ConfigMap", "orchestrator-dashboard");
        var data = (Dictionary<string, object?>)configMap["data"]!;
        return JsonNode.Parse((string)data["orchestrator.json"]!)!.AsObject();
    }

    // Grafana replaces its own variables before a query reaches Prometheus; parse what Prometheus would get.
    private IEnumerable<string> DashboardExpressions() =>
        Dashboard(out _)["panels"]!.AsArray()
            .SelectMany(p => p!["targets"]!.AsArray())
            .Select(t => t!["expr"]!.GetValue<string>().Replace("$__rate_interval", "5m", StringComparison.Ordinal));

    private IEnumerable<string> RuleExpressions()
    {
        var rendered = fixture.Chart.Render(YamlValues.With(fixture.Chart.DefaultValues, "prometheusRule.enabled", true));
        var rule = rendered.Single("PrometheusRule", "orchestrator");
        var groups = (List<object?>)ObjectPath.Get(rule, "spec.groups")!;
        return groups.Cast<Dictionary<string, object?>>()
            .SelectMany(g => ((List<object?>)g["rules"]!).Cast<Dictionary<string, object?>>())
            .Select(r => r["expr"]!.ToString()!);
    }

    /// <summary>The metric names the controller registers (ControllerMetrics is their one owner).</summary>
    private static HashSet<string> ExportedMetrics()
    {
        var source = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "Orchestrator.Controller", "Metrics", "ControllerMetrics.cs"));
        return [.. MetricName().Matches(source).Select(m => m.Groups["name"].Value)];
    }

    private static JsonArray Parse(IReadOnlyList<string> expressions)
    {
        Assert.True(
            Directory.Exists(Path.Combine(PromqlFolder, "node_modules", "@prometheus-io", "lezer-promql")),
            "the PromQL grammar is not installed: run npm ci --prefix tests/promql (tests/run.sh does)");
        var info = new ProcessStartInfo("node", [Path.Combine(PromqlFolder, "parse.cjs")])
        {
            WorkingDirectory = PromqlFolder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(info)!;
        node.StandardInput.Write(JsonSerializer.Serialize(expressions));
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEnd();
        var error = node.StandardError.ReadToEnd();
        node.WaitForExit(TimeSpan.FromSeconds(60));
        Assert.True(node.ExitCode == 0, error);
        return JsonNode.Parse(output)!.AsArray();
    }

    [GeneratedRegex("\"(?<name>orchestrator_[a-z_]+)\"")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSeries();
}
