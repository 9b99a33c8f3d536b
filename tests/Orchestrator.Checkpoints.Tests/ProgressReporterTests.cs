using Microsoft.Extensions.Time.Testing;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

/// <summary>The trainer's progress file goes up through the pod channel, throttled, with the step time measured by the agent.</summary>
public sealed class ProgressReporterTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("progress-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly StandInPodChannel _channel = new();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private TrainerFiles Files => new(_dir);

    private void Write(long step, long? total) => TrainerFiles.WriteJsonAtomically(Files.ProgressPath, new TrainerProgress(step, total));

    [Fact]
    public async Task Reports_the_step_and_the_mean_step_time_since_the_first_report()
    {
        var reporter = new ProgressReporter(Files, _channel, _time, TimeSpan.FromSeconds(10));
        Write(100, 1000);
        var first = await reporter.ReportIfDueAsync(CancellationToken.None);
        Assert.Equal(100, first!.Step);
        Assert.Null(first.StepSeconds);

        _time.Advance(TimeSpan.FromSeconds(5));
        Write(101, 1000);
        Assert.Null(await reporter.ReportIfDueAsync(CancellationToken.None));

        _time.Advance(TimeSpan.FromSeconds(15));
        Write(110, 1000);
        var second = await reporter.ReportIfDueAsync(CancellationToken.None);
        Assert.Equal(110, second!.Step);
        Assert.Equal(1000, second.TotalSteps);
        Assert.Equal(2.0, second.StepSeconds!.Value, 6);
        Assert.Equal(_time.GetUtcNow(), second.ReportedAt);
        Assert.Equal([100L, 110L], _channel.Progress.Select(p => p.Step));
    }

    [Fact]
    public async Task No_file_an_unchanged_step_or_a_torn_file_reports_nothing()
    {
        var reporter = new ProgressReporter(Files, _channel, _time, TimeSpan.FromSeconds(10));
        Assert.Null(await reporter.ReportIfDueAsync(CancellationToken.None));
        Write(5, null);
        Assert.NotNull(await reporter.ReportIfDueAsync(CancellationToken.None));
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await reporter.ReportIfDueAsync(CancellationToken.None));
        await File.WriteAllTextAsync(Files.ProgressPath, "{\"step\": 6, \"tot");
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(await reporter.ReportIfDueAsync(CancellationToken.None));
        Assert.Single(_channel.Progress);
    }

    [Fact]
    public async Task The_local_channel_writes_what_the_annotation_would_carry()
    {
        var channel = new LocalPodChannel(Files);
        var reporter = new ProgressReporter(Files, channel, _time, TimeSpan.FromSeconds(10));
        Write(7, 70);
        await reporter.ReportIfDueAsync(CancellationToken.None);
        var written = TrainerFiles.ReadJson<ProgressStatus>(Files.ProgressReportedPath);
        Assert.Equal(7, written!.Step);
        Assert.Equal(70, written.TotalSteps);
    }
}
