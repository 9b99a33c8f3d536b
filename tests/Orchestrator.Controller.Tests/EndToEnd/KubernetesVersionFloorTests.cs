using Orchestrator.Controller.Reconciliation;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>The controller reads /version at start and refuses a server older than 1.29 (native sidecars) with a clear message.</summary>
public sealed class KubernetesVersionFloorTests
{
    [Theory]
    [InlineData("v1.28.9")]
    [InlineData("v1.27.16-eks-a18cd3a")]
    public async Task The_controller_refuses_to_start_against_a_server_older_than_1_29(string version)
    {
        await using var world = await ControllerWorld.StartAsync(sandbox: o => o with { KubernetesVersion = version }, startController: false);
        using var controller = new RunController(world.Client, world.Runtime);

        var refusal = await Assert.ThrowsAsync<UnsupportedKubernetesException>(() => controller.RunAsync(CancellationToken.None));

        Assert.Contains($"Kubernetes {version}", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("needs 1.29 or newer", refusal.Message, StringComparison.Ordinal);
        Assert.Contains("native sidecar", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(await world.JobsAsync("any"));
    }

    [Fact]
    public async Task The_controller_starts_against_1_29()
    {
        await using var world = await ControllerWorld.StartAsync(sandbox: o => o with { KubernetesVersion = "v1.29.0" }, startController: false);
        using var controller = new RunController(world.Client, world.Runtime);
        using var stop = new CancellationTokenSource();

        var running = controller.RunAsync(stop.Token);
        await world.WaitUntilAsync(() => Task.FromResult(controller.HasSynced || running.IsCompleted), TimeSpan.FromMinutes(1), "the controller's caches to sync");
        await stop.CancelAsync();

        Assert.True(controller.HasSynced, running.Exception?.ToString());
        try
        {
            await running;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
