using System.CommandLine;
using System.Globalization;
using k8s;
using Orchestrator.Api;
using Orchestrator.Cli.Kube;
using Orchestrator.Core.Durations;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl logs RUN [-f] [--attempt N|all] [--rank R|all] [--since D] [--timestamps] [-c NAME]</c>: the workers'
/// logs of a run, every line prefixed with its attempt and rank; <c>-f</c> follows the run into each next attempt.
/// </summary>
public static class LogsCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var follow = new Option<bool>("--follow", "-f") { Description = "Stream new lines, and follow the run into each next attempt until it finishes" };
        var attempt = new Option<string?>("--attempt") { Description = "Attempt number, or all (default: the current attempt)" };
        var rank = new Option<string?>("--rank") { Description = "Worker rank, or all (default: all)" };
        var since = new Option<string?>("--since") { Description = "Only lines newer than this duration (5s, 2m, 1h)" };
        var timestamps = new Option<bool>("--timestamps") { Description = "Put each line's time (RFC 3339) after its prefix" };
        var container = new Option<string?>("--container", "-c") { Description = "Container (default: the trainer, the pod's first)" };
        var command = new Command("logs", "Print the workers' logs of a run, across its attempts") { run, follow, attempt, rank, since, timestamps, container };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var request = new LogsRequest(
                global.ResolveNamespace(parse),
                parse.GetValue(run)!,
                ParseSelector(parse.GetValue(attempt), "--attempt"),
                ParseSelector(parse.GetValue(rank), "--rank"),
                parse.GetValue(since) is { } d ? services.Time.GetUtcNow() - ParseSince(d) : null,
                parse.GetValue(timestamps),
                parse.GetValue(container))
            {
                AllAttempts = parse.GetValue(attempt) == "all",
            };
            var client = services.ClientFactory(global.Target(parse));
            var logs = new RunLogs(client, services, request);
            return parse.GetValue(follow) ? await logs.FollowAsync(ct) : await logs.PrintAsync(ct);
        });
        return command;
    }

    /// <summary>A number, or null for all.</summary>
    private static int? ParseSelector(string? value, string flag) => value switch
    {
        null or "all" => null,
        _ when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
        _ => throw new CliException(ExitCodes.Usage, $"{flag}: \"{value}\" is not a number or all"),
    };

    private static TimeSpan ParseSince(string value) =>
        GoDuration.TryParse(value, out var d) && d > TimeSpan.Zero
            ? d
            : throw new CliException(ExitCodes.Usage, $"--since: \"{value}\" is not a positive duration (5s, 2m, 1h)");

    /// <summary>What was asked: <see cref="Attempt"/> and <see cref="Rank"/> null mean all (for the attempt: the current one unless given as all).</summary>
    internal sealed record LogsRequest(string Namespace, string Run, int? Attempt, int? Rank, DateTimeOffset? Since, bool Timestamps, string? Container)
    {
        public bool AllAttempts { get; init; }
    }

    /// <summary>The reading and following, one instance per command.</summary>
    private sealed class RunLogs(IKubernetes client, CliServices services, LogsRequest request)
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);

        // After the run moved on, how long a worker of the ended attempt may still be writing its last lines.
        private static readonly TimeSpan Drain = TimeSpan.FromSeconds(30);

        // Workers' lines arrive from several streams at once; each line is written whole.
        private readonly Lock _out = new();
        private readonly TrainingRunClient _runs = new(client);

        public async Task<int> PrintAsync(CancellationToken ct)
        {
            var current = await _runs.GetAsync(request.Namespace, request.Run, ct);
            foreach (var attempt in Attempts(current))
            {
                await PrintAttemptAsync(attempt, ct);
            }

            return ExitCodes.Ok;
        }

        public async Task<int> FollowAsync(CancellationToken ct)
        {
            var current = await _runs.GetAsync(request.Namespace, request.Run, ct);
            var attempts = Attempts(current);
            foreach (var earlier in attempts.Take(attempts.Count - 1))
            {
                await PrintAttemptAsync(earlier, ct);
            }

            var attempt = attempts.Count > 0 ? attempts[^1] : 1;
            while (!ct.IsCancellationRequested)
            {
                current = await FollowAttemptAsync(attempt, ct);
                if (current.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed && current.Status.CurrentAttempt <= attempt)
                {
                    await NoteAsync($"attempt {attempt} {Ended(Record(current, attempt))}; trainingrun/{request.Run} {current.Status.Phase}");
                    return ExitCodes.Ok;
                }

                var next = current.Status!.CurrentAttempt;
                await NoteAsync($"attempt {attempt} {Ended(Record(current, attempt))}; following attempt {next}");
                attempt = next;
            }

            return ExitCodes.Ok;
        }

        /// <summary>The attempts to show, oldest first: the one asked for, all of them, or the current one.</summary>
        private List<int> Attempts(TrainingRun run)
        {
            if (request.Attempt is { } one)
            {
                return [one];
            }

            var known = (run.Status?.Attempts ?? []).Select(a => a.Index).Append(run.Status?.CurrentAttempt ?? 0).Where(i => i > 0).Distinct().Order().ToList();
            return request.AllAttempts ? known : known.Count > 0 ? [known[^1]] : [];
        }

        private async Task PrintAttemptAsync(int attempt, CancellationToken ct)
        {
            var pods = Selected(await AttemptPods.ListAsync(client, request.Namespace, request.Run, attempt, ct));
            if (pods.Count == 0)
            {
                await NoteAsync($"attempt {attempt}: no pods left; a pod's log goes with it");
                return;
            }

            foreach (var pod in pods)
            {
                var reader = Reader(pod);
                if (!await reader.CopyAsync(WriteAsync, follow: false, ct))
                {
                    await NoteAsync($"{pod.Prefix} pod/{pod.Name}: {reader.Problem}");
                }
            }
        }

        /// <summary>Follows every worker of the attempt until the run has moved on (or finished) and their logs ended.</summary>
        private async Task<TrainingRun> FollowAttemptAsync(int attempt, CancellationToken ct)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var followers = new Dictionary<string, Task>(StringComparer.Ordinal);
            DateTimeOffset? movedOnAt = null;
            try
            {
                while (true)
                {
                    var current = await _runs.GetAsync(request.Namespace, request.Run, ct);
                    foreach (var pod in Selected(await AttemptPods.ListAsync(client, request.Namespace, request.Run, attempt, ct)))
                    {
                        if (!followers.ContainsKey(pod.Pod.Metadata.Uid))
                        {
                            followers[pod.Pod.Metadata.Uid] = FollowPodAsync(pod, stop.Token);
                        }
                    }

                    var over = current.Status?.CurrentAttempt > attempt || current.Status?.Phase is RunPhase.Succeeded or RunPhase.Failed;
                    if (over)
                    {
                        movedOnAt ??= services.Time.GetUtcNow();
                        if (followers.Values.All(f => f.IsCompleted) || services.Time.GetUtcNow() - movedOnAt > Drain)
                        {
                            return current;
                        }
                    }

                    // Wake at once when the last worker's log ends, so the final state is read while the cluster is still there.
                    await Task.WhenAny(Task.Delay(Poll, services.Time, ct), Task.WhenAll(followers.Values));
                    ct.ThrowIfCancellationRequested();
                }
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAll(followers.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        private async Task FollowPodAsync(RankPod pod, CancellationToken ct)
        {
            var reader = Reader(pod);
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    if (await reader.CopyAsync(WriteAsync, follow: true, ct))
                    {
                        // The stream ends when the container's run does (or the connection was cut): read on only while it runs.
                        if (!await StillRunningAsync(pod, ct))
                        {
                            return;
                        }
                    }
                    else if (!reader.Refused || !await NotStartedAsync(pod, ct))
                    {
                        await NoteAsync($"{pod.Prefix} pod/{pod.Name}: {reader.Problem}");
                        return;
                    }

                    await Task.Delay(Poll, services.Time, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // The attempt is over and its workers had their time to finish writing.
            }
        }

        /// <summary>The pod is still waiting for its node or its container (the server answers 400 for both): ask again later.</summary>
        private async Task<bool> NotStartedAsync(RankPod pod, CancellationToken ct)
        {
            try
            {
                var now = await client.CoreV1.ReadNamespacedPodAsync(pod.Name, request.Namespace, cancellationToken: ct);
                var status = now.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == pod.Container(request.Container));
                return now.Metadata.Uid == pod.Pod.Metadata.Uid && now.Status?.Phase is null or "Pending"
                    && status?.State?.Running is null && status?.State?.Terminated is null;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        private async Task<bool> StillRunningAsync(RankPod pod, CancellationToken ct)
        {
            try
            {
                var now = await client.CoreV1.ReadNamespacedPodAsync(pod.Name, request.Namespace, cancellationToken: ct);
                return now.Metadata.Uid == pod.Pod.Metadata.Uid && now.Status?.Phase is not ("Succeeded" or "Failed")
                    && now.Status?.ContainerStatuses?.FirstOrDefault(s => s.Name == pod.Container(request.Container))?.State?.Terminated is null;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                return false;
            }
        }

        private List<RankPod> Selected(IReadOnlyList<RankPod> pods) =>
            [.. pods.Where(p => request.Rank is null || p.Rank == request.Rank).GroupBy(p => p.Rank).Select(g => g.First())];

        private PodLogReader Reader(RankPod pod) =>
            new(client, request.Namespace, pod, pod.Container(request.Container), request.Timestamps, request.Since);

        private Task WriteAsync(string line)
        {
            lock (_out)
            {
                services.Console.Out.WriteLine(line);
                services.Console.Out.Flush();
            }

            return Task.CompletedTask;
        }

        /// <summary>What trainctl says between the lines (stderr): switches between attempts, logs that are gone.</summary>
        private Task NoteAsync(string text)
        {
            lock (_out)
            {
                services.Console.Error.WriteLine($"--- {text}");
                services.Console.Error.Flush();
            }

            return Task.CompletedTask;
        }

        private static AttemptRecord? Record(TrainingRun run, int attempt) => run.Status?.Attempts?.FirstOrDefault(a => a.Index == attempt);

        /// <summary>"preempted: node/spot-1: taint ...", from the attempt's end reason and its first piece of evidence.</summary>
        private static string Ended(AttemptRecord? record)
        {
            var verb = record?.EndReason switch
            {
                AttemptEndReason.Preempted => "preempted",
                AttemptEndReason.AppFailure => "failed",
                AttemptEndReason.Suspended => "suspended",
                AttemptEndReason.Succeeded => "succeeded",
                _ => "ended",
            };
            return record?.Evidence is [var first, ..] ? $"{verb}: {first}" : verb;
        }
    }
}
