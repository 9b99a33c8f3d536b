using Orchestrator.Api;
using Orchestrator.Cli.Demo;

namespace Orchestrator.Cli.Tests.Demo;

public sealed class DemoSummaryTests
{
    [Fact]
    public void Lost_work_in_all_is_the_sum_of_the_rows_shown()
    {
        var start = new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
        var run = new TrainingRun
        {
            Status = new TrainingRunStatus
            {
                Phase = RunPhase.Succeeded,
                Attempts =
                [
                    new AttemptRecord { Index = 1, Capacity = CapacityType.Spot, StartTime = start, EndTime = start.AddSeconds(56), EndReason = AttemptEndReason.Preempted, LostWorkSeconds = 0.6 },
                    new AttemptRecord { Index = 2, Capacity = CapacityType.Spot, StartTime = start.AddSeconds(60), EndTime = start.AddSeconds(127), EndReason = AttemptEndReason.Preempted, LostWorkSeconds = 24.5 },
                    new AttemptRecord { Index = 3, Capacity = CapacityType.OnDemand, StartTime = start.AddSeconds(130), EndTime = start.AddSeconds(730), EndReason = AttemptEndReason.Succeeded, LostWorkSeconds = 0 },
                ],
            },
        };

        var text = DemoSummary.Render(run, TimeSpan.FromSeconds(27), TimeSpan.FromMinutes(13));

        var rows = text.Split('\n').Where(l => l.TrimStart().StartsWith('1') || l.TrimStart().StartsWith('2') || l.TrimStart().StartsWith('3')).ToList();
        Assert.Contains(rows, r => r.Contains("Preempted   0s", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Preempted   24s", StringComparison.Ordinal));
        Assert.Contains("Lost work:   24s in all", text, StringComparison.Ordinal);
    }
}
