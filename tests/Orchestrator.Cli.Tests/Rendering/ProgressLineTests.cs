using Orchestrator.Api;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Tests.Rendering;

public sealed class ProgressLineTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Shows_steps_rate_eta_and_on_track()
    {
        var progress = new ProgressStatus
        {
            Step = 420, TotalSteps = 1000, StepSeconds = 3.1, Eta = Now.AddMinutes(30), OnTrack = true, ReportedAt = Now.AddSeconds(-20),
        };
        Assert.Equal("step 420/1000 (42%), 3.1s/step, ETA in 30m (2026-03-01T12:30:00Z), on track for the deadline (reported 20s ago)",
            ProgressLine.Render(progress, Now).Replace("42 %", "42%", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_totals_it_shows_the_step_and_a_missed_deadline_is_loud()
    {
        Assert.Equal("step 7 (reported 0s ago)", ProgressLine.Render(new ProgressStatus { Step = 7, ReportedAt = Now }, Now));
        Assert.Contains("NOT on track", ProgressLine.Render(new ProgressStatus { Step = 7, OnTrack = false, ReportedAt = Now }, Now), StringComparison.Ordinal);
    }
}
