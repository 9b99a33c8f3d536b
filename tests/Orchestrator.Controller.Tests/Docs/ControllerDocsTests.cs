using System.Text.RegularExpressions;
using Orchestrator.Controller.Hosting;
using Orchestrator.Controller.Metrics;

namespace Orchestrator.Controller.Tests.Docs;

/// <summary>
/// docs/configuration.md and docs/metrics.md are the contract the Helm chart and dashboards rely on: every flag
/// they document must parse, and every metric they document must be exported by the controller.
/// </summary>
public sealed partial class ControllerDocsTests
{
    [Fact]
    public void Every_documented_flag_is_accepted_by_the_controller()
    {
        var flags = FlagRow().Matches(Doc("configuration.md")).Select(m => (Flag: m.Groups["flag"].Value, Value: m.Groups["value"].Success)).ToList();
        Assert.True(flags.Count >= 6, $"expected the flag table in docs/configuration.md, found {flags.Count} rows");
        foreach (var (flag, takesValue) in flags)
        {
            var value = flag switch
            {
                "--metrics-port" => "9090",
                "--retention-sweep-interval" => "30m",
                "--workers" => "8",
                _ => "x",
            };
            var args = takesValue ? new[] { flag, value } : [flag];
            var exception = Record.Exception(() => ControllerOptions.Parse(args));
            Assert.True(exception is null, $"{flag} is documented but the controller rejects it: {exception?.Message}");
        }
    }

    [Fact]
    public void An_undocumented_flag_is_rejected_by_name()
    {
        var e = Assert.Throws<ControllerUsageException>(() => ControllerOptions.Parse(["--leader-elction"]));
        Assert.Contains("--leader-elction", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_documented_metric_is_exported()
    {
        var documented = MetricRow().Matches(Doc("metrics.md")).Select(m => m.Groups["name"].Value).Distinct().ToList();
        Assert.True(documented.Count >= 15, $"expected the metrics table in docs/metrics.md, found {documented.Count} rows");
        var metrics = new ControllerMetrics();
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        var exported = System.Text.Encoding.UTF8.GetString(text.ToArray());
        var missing = documented.Where(name => !exported.Contains($"# TYPE {name} ", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, "documented in docs/metrics.md but not exported: " + string.Join(", ", missing));
    }

    private static string Doc(string name)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
        {
            dir = dir.Parent;
        }

        return File.ReadAllText(Path.Combine(dir!.FullName, "docs", name));
    }

    [GeneratedRegex(@"^\| `(?<flag>--[a-z-]+)(?<value> [A-Z]+)?` \|", RegexOptions.Multiline)]
    private static partial Regex FlagRow();

    [GeneratedRegex(@"^\| `(?<name>orchestrator_[a-z_]+)` \|", RegexOptions.Multiline)]
    private static partial Regex MetricRow();
}
