using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Checkpoints.Agent;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Checkpoints.Tests;

public sealed class SidecarTests
{
    [Fact]
    public async Task Save_request_reaches_the_trainer_and_sigterm_saves_once_more()
    {
        using var dir = new TempDir();
        var pod = dir.Sub("pod");
        var uri = new Uri(dir.Sub("store")).AbsoluteUri;
        using var store = CheckpointStores.Open(uri, new StoreSettings(), NullLogger.Instance);
        var options = new AgentOptions { Dir = pod, Uri = uri, Namespace = "ns", Run = "r", Attempt = 2, NoKube = true, PollInterval = TimeSpan.FromMilliseconds(50) };
        var channel = new StandInPodChannel();
        using var stop = new CancellationTokenSource();
        using var hardStop = new CancellationTokenSource();
        var sidecar = new SidecarCommand(options, store, channel, TimeProvider.System, NullLogger.Instance).RunAsync(stop.Token, hardStop.Token);
        using var trainer = new TrainerProcess(pod, Path.Combine(dir.Path, "result"), "--steps", "100000", "--step-seconds", "0.01");
        await Poll.UntilAsync(() => trainer.LastStep >= 3, "the trainer to start stepping");

        channel.Request(new SaveRequest("req-7", "notice"));

        await Poll.UntilAsync(() => channel.SaveCompleted.Contains("req-7"), "the save request to be answered");
        var first = Assert.Single(channel.Committed);
        var reader = new Infrastructure.Checkpoints(store, "r").Reader();
        Assert.Equal("req-7", (await reader.ReadManifestAsync(first.Id, CancellationToken.None))!.RequestId);
        Assert.EndsWith("-a2", first.Id, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(pod, ".orchestrator", "save-request")), "the trainer consumed the request");

        trainer.Signal("TERM");
        Assert.Equal(143, await trainer.WaitAsync());
        await stop.CancelAsync();
        Assert.Equal(0, await sidecar);

        var newest = (await reader.ListAsync(CancellationToken.None))[0];
        Assert.Equal(trainer.TerminatedAfter, newest.Step);
        Assert.True(newest.Step > first.Step);
        Assert.Equal(newest.Id, channel.Committed.Last().Id);
    }
}
