using System.Text.Json;
using Orchestrator.Cli.Tests.Commands;

namespace Orchestrator.Cli.Tests.Simulate;

/// <summary><c>trainctl simulate</c> parses Go durations and prices, names the flag or file at fault, and prints JSON on stdout.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-simulate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Json_on_stdout_has_every_policy_with_hand_computed_greedy_numbers()
    {
        var trace = Trace("""{"metadata":{"gap_seconds":3600},"data":[1,1,1,1,1,1,1,1,1,1,1,1]}""");

        var result = await Trainctl.RunAsync(Args(trace, "-o", "json"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var policies = json.RootElement.GetProperty("policies").EnumerateArray().ToList();
        Assert.Equal(["on-demand", "greedy", "never", "after-preemptions", "after-spot-wait", "deadline", "ross"], policies.Select(p => p.GetProperty("policy").GetString()));
        // Starts at 0 h and 2 h (stride 2h); each runs 4 h + 30 m changeover on spot at 1 against 4.5 h on-demand at 3.
        var greedy = policies[1];
        Assert.Equal(2, greedy.GetProperty("runs").GetInt32());
        Assert.Equal(66.67, greedy.GetProperty("savingsPercent").GetDouble(), precision: 2);
        Assert.Equal(0, greedy.GetProperty("deadlineMisses").GetInt32());
        Assert.Equal(1.0, greedy.GetProperty("spotShare").GetDouble());
        Assert.Equal(0.0, policies[0].GetProperty("savingsPercent").GetDouble());
    }

    [Fact]
    public async Task One_policy_as_a_table_and_a_plot()
    {
        var trace = Trace("""{"metadata":{"gap_seconds":3600},"data":[1,0,1,1,0,1,1,1,1,1,1,1]}""");
        var plot = Path.Combine(_dir, "savings.svg");

        var result = await Trainctl.RunAsync(Args(trace, "--policy", "deadline", "--plot", plot));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("deadline", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("greedy", result.Out, StringComparison.Ordinal);
        Assert.StartsWith("<svg", await File.ReadAllTextAsync(plot), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("days are not Go durations", "--compute", "2d", "--compute: \"2d\" is not a duration")]
    [InlineData("bare number", "--deadline", "52", "--deadline: \"52\" is not a duration")]
    [InlineData("bad stride", "--stride", "often", "--stride: \"often\" is not a duration")]
    [InlineData("price not a number", "--spot-price", "cheap", "--spot-price: \"cheap\" is not a number")]
    [InlineData("deadline before compute", "--deadline", "3h", "--deadline (3h) is shorter than --compute (4h)")]
    [InlineData("unknown policy", "--policy", "cheapest", "unknown --policy 'cheapest'")]
    [InlineData("yaml output", "-o", "yaml", "-o yaml is not supported")]
    public async Task Bad_flags_are_usage_errors_naming_the_flag(string name, string flag, string value, string message)
    {
        var trace = Trace("""{"metadata":{"gap_seconds":3600},"data":[1,1,1,1,1,1]}""");

        var result = await Trainctl.RunAsync(Args(trace, flag, value));

        Assert.True(result.ExitCode == ExitCodes.Usage, name);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_missing_required_flag_is_named()
    {
        var result = await Trainctl.RunAsync("simulate", "--trace", Trace("{}"), "--compute", "4h", "--deadline", "10h", "--changeover", "30m", "--spot-price", "1");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--ondemand-price", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_trace_is_not_found_and_a_malformed_one_is_invalid()
    {
        var missing = Path.Combine(_dir, "nope.json");
        var malformed = Trace("{not json");

        var notFound = await Trainctl.RunAsync(Args(missing));
        var invalid = await Trainctl.RunAsync(Args(malformed));

        Assert.Equal(ExitCodes.NotFound, notFound.ExitCode);
        Assert.Equal($"trainctl simulate: cannot read trace {missing}: file not found\n", notFound.Error);
        Assert.Equal(ExitCodes.InvalidInput, invalid.ExitCode);
        Assert.Single(invalid.Error.TrimEnd('\n').Split('\n'));
        Assert.Contains(malformed, invalid.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_traces_replay_one_run_across_zones()
    {
        var a = Trace("""{"metadata":{"gap_seconds":3600},"data":[1,1,0,0,1,1,0,0,1,1,0,0,1,1,0,0]}""");
        var b = Trace("""{"metadata":{"gap_seconds":3600},"data":[0,0,1,1,0,0,1,1,0,0,1,1,0,0,1,1]}""");

        var result = await Trainctl.RunAsync([.. Args(a, "--deadline", "8h", "-o", "json"), "--trace", b]);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var names = json.RootElement.GetProperty("policies").EnumerateArray().Select(p => p.GetProperty("policy").GetString()).ToList();
        Assert.Equal([$"stay {Path.GetFileNameWithoutExtension(a)}", $"stay {Path.GetFileNameWithoutExtension(b)}", "eager-next-zone", "zone-policy", "oracle"], names);
    }

    [Fact]
    public async Task Bench_prints_the_tables_for_a_folder_of_traces()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "traces", "period")).FullName;
        var day = string.Join(',', Enumerable.Repeat("1,1,1,0", 60));
        var night = string.Join(',', Enumerable.Repeat("0,1,1,1", 60));
        File.WriteAllText(Path.Combine(folder, "zone-a_gpu.json"), $$"""{"metadata":{"gap_seconds":3600},"data":[{{day}}]}""");
        File.WriteAllText(Path.Combine(folder, "zone-b_gpu.json"), $$"""{"metadata":{"gap_seconds":3600},"data":[{{night}}]}""");

        var result = await Trainctl.RunAsync("simulate", "bench", "--traces", Path.Combine(_dir, "traces"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("#### One zone, deadline 52 h", result.Out, StringComparison.Ordinal);
        Assert.Contains("#### One zone, deadline 70 h", result.Out, StringComparison.Ordinal);
        Assert.Contains("| period/zone-a_gpu.json |", result.Out, StringComparison.Ordinal);
        Assert.Contains("| period: zone-a_gpu, zone-b_gpu |", result.Out, StringComparison.Ordinal);
        Assert.Contains("ROSS − UP: ", result.Out, StringComparison.Ordinal);
    }

    /// <summary>A valid command line; <paramref name="overrides"/> (flag, value pairs) replace or add flags.</summary>
    private static string[] Args(string trace, params string[] overrides)
    {
        var flags = new List<(string Flag, string Value)>
        {
            ("--trace", trace), ("--compute", "4h"), ("--deadline", "10h"), ("--changeover", "30m"),
            ("--spot-price", "1"), ("--ondemand-price", "3"), ("--stride", "2h"),
        };
        for (var i = 0; i < overrides.Length; i += 2)
        {
            flags.RemoveAll(f => f.Flag == overrides[i]);
            flags.Add((overrides[i], overrides[i + 1]));
        }

        return ["simulate", .. flags.SelectMany(f => new[] { f.Flag, f.Value })];
    }

    private string Trace(string content)
    {
        var path = Path.Combine(_dir, $"trace-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }
}
