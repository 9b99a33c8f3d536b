using Orchestrator.Cli.Commands;
using Orchestrator.Cli.Rendering;
using Orchestrator.Cli.Tests.Golden;

namespace Orchestrator.Cli.Tests.Rendering;

public sealed class TableGoldenTests
{
    [Fact]
    public void List_shows_kubectl_style_columns()
    {
        var output = Render(ListCommand.RunsTable([Runs.FellBack(), Runs.Pending("quickstart")], withNamespace: false, wide: false, Runs.Now));
        GoldenFile.Assert("list.txt", output);
    }

    [Fact]
    public void List_all_namespaces_wide_adds_namespace_queue_and_cost()
    {
        var output = Render(ListCommand.RunsTable([Runs.FellBack(), Runs.Pending("quickstart")], withNamespace: true, wide: true, Runs.Now));
        GoldenFile.Assert("list-wide-all.txt", output);
    }

    [Fact]
    public void Status_shows_timeline_checkpoint_and_cost()
    {
        GoldenFile.Assert("status.txt", StatusView.Render(Runs.FellBack(), Runs.Now));
    }

    [Fact]
    public void List_shows_the_trainers_progress_and_eta()
    {
        var output = Render(ListCommand.RunsTable([Runs.Reporting(), Runs.FellBack()], withNamespace: false, wide: false, Runs.Now));
        GoldenFile.Assert("list-progress.txt", output);
    }

    [Fact]
    public void Status_shows_a_progress_bar_when_the_trainer_reports_its_step()
    {
        GoldenFile.Assert("status-progress.txt", StatusView.Render(Runs.Reporting(), Runs.Now));
    }

    [Fact]
    public void Status_of_a_new_run_says_there_are_no_attempts()
    {
        var text = StatusView.Render(Runs.Pending("quickstart"), Runs.Now);
        Assert.Contains("Phase:       Pending", text, StringComparison.Ordinal);
        Assert.Contains("none committed yet", text, StringComparison.Ordinal);
        Assert.Contains("No attempts yet.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(42, "42s")]
    [InlineData(130, "2m10s")]
    [InlineData(300, "5m")]
    [InlineData(2 * 3600 + 59, "120m")]
    [InlineData(5 * 3600 + 12 * 60, "5h12m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(40 * 86400, "40d")]
    public void Ages_read_like_kubectl(int seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    private static string Render(TextTable table)
    {
        using var writer = new StringWriter();
        table.WriteTo(writer);
        return writer.ToString();
    }
}
