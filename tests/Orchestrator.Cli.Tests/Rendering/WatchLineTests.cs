using Orchestrator.Api;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Tests.Rendering;

public sealed class WatchLineTests
{
    [Fact]
    public void A_reporting_run_shows_its_progress_and_an_absolute_eta()
    {
        Assert.Equal(
            "Running  attempt 3 on on-demand  preemptions 2  checkpoint 4200  progress 4200/10000 42%  2.5s/step  ETA 2026-11-26T16:02:00Z  on track",
            WatchLine.Render(Runs.Reporting()));
    }

    [Fact]
    public void A_new_run_is_one_short_line()
    {
        Assert.Equal("Pending  preemptions 0  checkpoint -", WatchLine.Render(Runs.Pending("quickstart")));
    }

    [Fact]
    public void A_finished_run_has_no_eta_and_a_message_stays_on_one_line()
    {
        var run = Runs.Reporting();
        run.Status!.Phase = RunPhase.Failed;
        run.Status.Message = "out of app failures:\nexit 1";
        var line = WatchLine.Render(run);
        Assert.DoesNotContain("ETA", line, StringComparison.Ordinal);
        Assert.EndsWith("on track  out of app failures: exit 1", line, StringComparison.Ordinal);
    }
}
