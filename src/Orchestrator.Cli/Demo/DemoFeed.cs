using System.Globalization;
using k8s;
using k8s.Autorest;
using Orchestrator.Api;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Demo;

/// <summary>
/// Follows the run as a user with kubectl would (the run's status and its Events, read through the API) and tells
/// the view what changed; the story waits on it for the moments it acts on.
/// </summary>
internal sealed class DemoFeed(DemoWorld world, IDemoView view, TimeProvider real)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly HashSet<string> _seenEvents = new(StringComparer.Ordinal);
    private readonly long _startedAt = real.GetTimestamp();
    private readonly DateTimeOffset _clusterStart = world.Cluster.Time.GetUtcNow();
    private string? _lastStatusLine;

    public TrainingRun? Latest { get; private set; }

    public void Say(string text, DemoLineKind kind = DemoLineKind.Narration) => view.Add(Line(kind, text));

    /// <summary>Polls until <paramref name="condition"/> holds for the run; fails naming <paramref name="what"/> at the deadline.</summary>
    public async Task<TrainingRun> WaitForAsync(Func<TrainingRun, bool> condition, string what, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = real.GetTimestamp() + (long)(timeout.TotalSeconds * real.TimestampFrequency);
        while (true)
        {
            await PollAsync(ct);
            if (Latest is { } run && condition(run))
            {
                return run;
            }

            if (world.Controller.IsFaulted)
            {
                throw new CliException(ExitCodes.Failure, $"demo: the controller stopped: {world.Controller.Exception?.GetBaseException().Message}");
            }

            if (Latest?.Status?.Phase == RunPhase.Failed)
            {
                throw new CliException(ExitCodes.Failure, $"demo: the run failed while waiting for {what}: {Latest.Status.Message}");
            }

            if (real.GetTimestamp() > deadline)
            {
                throw new CliException(ExitCodes.Failure, $"demo: {what} did not happen within {HumanDuration.Format(timeout)} (phase {RunFacts.Phase(Latest ?? new TrainingRun())}, attempt {Latest?.Status?.CurrentAttempt ?? 0})");
            }

            await Task.Delay(PollInterval, real, ct);
        }
    }

    /// <summary>Reads the run and its new Events once and reports what changed.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        try
        {
            Latest = await world.GetAsync(ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return;
        }

        var events = await world.Client.CoreV1.ListNamespacedEventAsync(DemoOptions.Namespace, cancellationToken: ct);
        foreach (var e in events.Items
            .Where(e => e.InvolvedObject?.Kind == ApiGroup.Kind && e.InvolvedObject.Name == DemoOptions.RunName && _seenEvents.Add(e.Metadata.Name))
            .OrderBy(e => e.LastTimestamp ?? e.FirstTimestamp ?? e.Metadata.CreationTimestamp))
        {
            view.Add(Line(e.Type == "Warning" ? DemoLineKind.Warning : DemoLineKind.Event, $"{e.Reason}: {e.Message}"));
        }

        var statusLine = StatusLine(Latest);
        if (statusLine != _lastStatusLine)
        {
            _lastStatusLine = statusLine;
            view.Add(Line(DemoLineKind.Status, statusLine));
        }

        view.Show(Latest);
    }

    public TimeSpan Elapsed => real.GetElapsedTime(_startedAt);

    public TimeSpan ClusterElapsed => world.Cluster.Time.GetUtcNow() - _clusterStart;

    private DemoLine Line(DemoLineKind kind, string text) => new(Elapsed, ClusterElapsed, kind, text);

    private static string StatusLine(TrainingRun run)
    {
        var s = run.Status;
        if (s is null || s.CurrentAttempt == 0)
        {
            return "phase " + RunFacts.Phase(run);
        }

        return string.Create(CultureInfo.InvariantCulture, $"phase {RunFacts.Phase(run)}, attempt {s.CurrentAttempt} on {RunFacts.Capacity(run)}, preemptions {s.Preemptions}");
    }
}
