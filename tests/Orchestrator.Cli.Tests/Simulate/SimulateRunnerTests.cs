using System.Text.Json;
using Orchestrator.Cli.Simulate;

namespace Orchestrator.Cli.Tests.Simulate;

public sealed class SimulateRunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("simulate-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Trace(string content)
    {
        var path = Path.Combine(_folder, "trace.json");
        File.WriteAllText(path, content);
        return path;
    }

    private static SimulateOptions Options(string trace) =>
        new(trace, TimeSpan.FromHours(4), TimeSpan.FromHours(10), TimeSpan.FromMinutes(30), 1, 3) { Stride = TimeSpan.FromHours(2) };

    private static (int Code, string Out, string Err) Run(SimulateOptions options)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = SimulateRunner.Run(options, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Json_lists_every_policy_with_the_documented_fields()
    {
        var (code, stdout, stderr) = Run(Options(Trace("""{"metadata":{"gap_seconds":3600},"data":[1,1,1,1,1,1,1,1,1,1,1,1]}""")) with { Output = "json" });

        Assert.Equal(0, code);
        Assert.Equal("", stderr);
        using var json = JsonDocument.Parse(stdout);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["on-demand", "greedy", "never", "after-preemptions", "after-spot-wait", "deadline", "ross"], policies.Select(p => p.GetProperty("policy").GetString()));
        var greedy = policies[1];
        // Starts at 0 and 2 h; both run 4.5 h on spot at 1 against 13.5 on-demand.
        Assert.Equal(2, greedy.GetProperty("runs").GetInt32());
        Assert.Equal(66.67, greedy.GetProperty("savingsPercent").GetDouble(), precision: 2);
        Assert.Equal(0, greedy.GetProperty("deadlineMisses").GetInt32());
        Assert.Equal(1.0, greedy.GetProperty("spotShare").GetDouble());
    }

    [Fact]
    public void Table_names_the_trace_and_one_policy_when_asked()
    {
        var (code, stdout, _) = Run(Options(Trace("""{"metadata":{"gap_seconds":3600},"data":[1,1,1,1,1,1,1,1,1,1,1,1]}""")) with { Policy = "deadline" });

        Assert.Equal(0, code);
        Assert.Contains("trace.json", stdout, StringComparison.Ordinal);
        Assert.Contains("deadline", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("greedy", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing file", null, "cannot read trace", ExitCodes.NotFound)]
    [InlineData("malformed JSON", "{not json", "not valid JSON", ExitCodes.InvalidInput)]
    [InlineData("no gap", """{"data":[1]}""", "metadata.gap_seconds", ExitCodes.InvalidInput)]
    public void Bad_trace_is_a_one_line_error_naming_the_file(string name, string? content, string message, int exitCode)
    {
        var path = content is null ? Path.Combine(_folder, "absent.json") : Trace(content);

        var (code, stdout, stderr) = Run(Options(path));

        Assert.True(code == exitCode, name);
        Assert.Equal("", stdout);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(path, stderr, StringComparison.Ordinal);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("unknown policy", "cheapest", "table", "unknown --policy 'cheapest'")]
    [InlineData("unknown output", "all", "yaml", "unknown -o 'yaml'")]
    public void Bad_options_are_rejected_before_reading_the_trace(string name, string policy, string output, string message)
    {
        var (code, _, stderr) = Run(Options(Path.Combine(_folder, "absent.json")) with { Policy = policy, Output = output });

        Assert.True(code == SimulateRunner.InputError, name);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Plot_writes_an_svg_with_a_line_per_policy()
    {
        var plot = Path.Combine(_folder, "savings.svg");

        var (code, _, _) = Run(Options(Trace("""{"metadata":{"gap_seconds":3600},"data":[1,0,1,1,0,1,1,1,1,1,1,1]}""")) with { Plot = plot });

        Assert.Equal(0, code);
        var svg = File.ReadAllText(plot);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Equal(7, svg.Split("<polyline").Length - 1);
    }
}
