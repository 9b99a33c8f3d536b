using k8s.Models;
using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Controller.Metrics;
using Orchestrator.Controller.Retention;

namespace Orchestrator.Controller.Tests.Retention;

/// <summary>The retention sweep over a real file store: stopped runs are pruned to their keep, newest kept; running ones are left to their agent.</summary>
public sealed class RetentionSweeperTests : IDisposable
{
    private readonly CheckpointFolder _folder = new();
    private readonly ControllerMetrics _metrics = new();
    private readonly RecordingLogger _log = new();

    [Theory]
    [InlineData("succeeded", RunPhase.Succeeded)]
    [InlineData("failed", RunPhase.Failed)]
    [InlineData("suspended", RunPhase.Suspended)]
    public async Task A_stopped_runs_old_checkpoints_are_deleted_and_the_newest_kept(string name, RunPhase phase)
    {
        await _folder.CommitAsync("team-a", name, 100, 200, 300, 400, 500);
        var sweeper = new RetentionSweeper(new StoreSettings(), _metrics, _log);

        var deleted = await sweeper.SweepAsync([Run("team-a", name, phase, keep: 2)], CancellationToken.None);

        Assert.Equal([500L, 400L], await _folder.CommittedStepsAsync("team-a", name));
        Assert.Equal(3, deleted[$"team-a/{name}"].Count);
        Assert.All(new long[] { 100, 200, 300 }, step => Assert.False(_folder.HasFilesOf("team-a", name, step)));
        Assert.True(_folder.HasFilesOf("team-a", name, 500));
        Assert.Equal(3, _metrics.RetentionDeleted.Value);
    }

    [Theory]
    [InlineData("running", RunPhase.Running)]
    [InlineData("checkpointing", RunPhase.Checkpointing)]
    [InlineData("queued", RunPhase.Queued)]
    public async Task A_live_runs_checkpoints_are_left_to_its_agent(string name, RunPhase phase)
    {
        await _folder.CommitAsync("team-a", name, 100, 200, 300);
        var sweeper = new RetentionSweeper(new StoreSettings(), _metrics, _log);

        await sweeper.SweepAsync([Run("team-a", name, phase, keep: 1)], CancellationToken.None);

        Assert.Equal([300L, 200L, 100L], await _folder.CommittedStepsAsync("team-a", name));
    }

    [Fact]
    public async Task Only_the_runs_own_checkpoints_are_touched()
    {
        await _folder.CommitAsync("team-a", "done", 1, 2, 3);
        await _folder.CommitAsync("team-b", "done", 1, 2, 3);
        var sweeper = new RetentionSweeper(new StoreSettings(), _metrics, _log);

        await sweeper.SweepAsync([Run("team-a", "done", RunPhase.Succeeded, keep: 1)], CancellationToken.None);

        Assert.Equal([3L], await _folder.CommittedStepsAsync("team-a", "done"));
        Assert.Equal([3L, 2L, 1L], await _folder.CommittedStepsAsync("team-b", "done"));
    }

    [Fact]
    public async Task An_unreachable_store_is_reported_once_and_the_sweep_goes_on()
    {
        await _folder.CommitAsync("team-a", "reachable", 1, 2, 3);
        var settings = new StoreSettings
        {
            S3 = new S3Settings { Endpoint = "http://127.0.0.1:9", Region = "us-east-1", ForcePathStyle = true, AccessKeyId = "test", SecretAccessKey = "not-a-real-secret" },
            Retry = new RetrySettings { MaxRetries = 1, BaseDelay = TimeSpan.FromMilliseconds(1) },
        };
        var sweeper = new RetentionSweeper(settings, _metrics, _log);
        TrainingRun[] runs = [Run("team-a", "unreachable", RunPhase.Succeeded, keep: 1, uri: "s3://nowhere/checkpoints"), Run("team-a", "reachable", RunPhase.Succeeded, keep: 1)];

        await sweeper.SweepAsync(runs, CancellationToken.None);
        await sweeper.SweepAsync(runs, CancellationToken.None);

        Assert.Single(_log.Warnings, w => w.Contains("s3://nowhere", StringComparison.Ordinal));
        Assert.Equal(2, _metrics.RetentionFailures.Value);
        Assert.Equal([3L], await _folder.CommittedStepsAsync("team-a", "reachable"));
        Assert.DoesNotContain(_log.Warnings, w => w.Contains("not-a-real-secret", StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();

    private TrainingRun Run(string ns, string name, RunPhase phase, int keep, string? uri = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = $"uid-{ns}-{name}" },
        Spec = new TrainingRunSpec { Checkpoint = new CheckpointSpec { Storage = new StorageSpec { Uri = uri ?? _folder.Uri }, Keep = keep } },
        Status = new TrainingRunStatus { Phase = phase },
    };

    private sealed class RecordingLogger : ILogger
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                {
                    return [.. _warnings];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                lock (_warnings)
                {
                    _warnings.Add(formatter(state, exception));
                }
            }
        }
    }
}
