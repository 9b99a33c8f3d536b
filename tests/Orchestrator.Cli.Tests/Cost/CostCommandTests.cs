using System.Text.Json;
using Orchestrator.Api;
using Orchestrator.Cli.Tests.Rendering;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Cost;

/// <summary><c>trainctl cost</c> against the sandbox API server: the table, CSV and JSON from the runs' status.</summary>
public sealed class CostCommandTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = CliSandbox.Start();
        // llm-finetune (team nlp): spot 7 GPU-h, on-demand 2.4 GPU-h, cost 21.42 against 28.76, 2 preemptions, 613 s lost.
        var fellBack = Runs.FellBack();
        fellBack.Metadata.Labels = new Dictionary<string, string> { [Labels.Team] = "nlp" };
        await _sandbox.CreateAsync(fellBack);
        await _sandbox.SetStatusAsync("ml", "llm-finetune", Runs.FellBack().Status!);
        var idle = Runs.Pending("idle", "ml");
        await _sandbox.CreateAsync(idle);
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Fact]
    public async Task The_table_shows_each_team_and_the_total()
    {
        var result = await _sandbox.RunAsync("cost", "-A", "--by", "team");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            """
            TEAM        RUNS   SPOT GPU-H   ON-DEMAND GPU-H   SPEND   ALL ON-DEMAND   SAVINGS   SAVED   PREEMPTIONS   LOST WORK
            (no team)   1      0.00         0.00              0.00    0.00            0.00      0%      0             0s
            nlp         1      7.00         2.40              21.42   28.76           7.34      26%     2             10m
            total       2      7.00         2.40              21.42   28.76           7.34      26%     2             10m

            """.Replace("\r", "", StringComparison.Ordinal),
            result.Out);
    }

    [Fact]
    public async Task Csv_has_one_row_per_group_and_no_total()
    {
        var result = await _sandbox.RunAsync("cost", "-n", "ml", "--by", "run", "-o", "csv");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(
            "group,runs,spot_gpu_hours,on_demand_gpu_hours,spend,all_on_demand,savings,savings_percent,preemptions,lost_work_hours\n" +
            "ml/idle,1,0,0,0,0,0,0,0,0\n" +
            "ml/llm-finetune,1,7,2.4,21.42,28.76,7.34,25.52,2,0.1703\n",
            result.Out);
    }

    [Fact]
    public async Task Json_names_the_grouping_the_groups_and_the_total()
    {
        var result = await _sandbox.RunAsync("cost", "-A", "--by", "namespace", "-o", "json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("namespace", json.RootElement.GetProperty("by").GetString());
        var group = Assert.Single(json.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal("ml", group.GetProperty("group").GetString());
        Assert.Equal(2, group.GetProperty("runs").GetInt32());
        Assert.Equal(21.42, json.RootElement.GetProperty("total").GetProperty("spend").GetDouble(), 6);
    }

    [Fact]
    public async Task A_bad_period_is_a_usage_error()
    {
        var result = await _sandbox.RunAsync("cost", "--since", "last-week");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("trainctl: --since: \"last-week\"", result.Error, StringComparison.Ordinal);
    }
}
