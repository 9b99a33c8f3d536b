using k8s;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;
using Orchestrator.Api;
using Orchestrator.Cli.Tests.Commands;
using Orchestrator.Cli.Tests.Rendering;
using Orchestrator.Sandbox;

namespace Orchestrator.Cli.Tests.Support;

/// <summary>
/// An in-memory sandbox API server serving the real TrainingRun CRD, and trainctl pointed at it through
/// <see cref="CliServices.ClientFactory"/>. The server and trainctl share a frozen clock at <see cref="Runs.Now"/>.
/// </summary>
internal sealed class CliSandbox : IAsyncDisposable
{
    private CliSandbox(SandboxApiServer server, FakeTimeProvider time)
    {
        Server = server;
        Time = time;
        Client = server.CreateClient();
    }

    public SandboxApiServer Server { get; }

    public FakeTimeProvider Time { get; }

    public IKubernetes Client { get; }

    public static CliSandbox Start()
    {
        var time = new FakeTimeProvider(Runs.Now);
        var server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { Time = time, CrdDocuments = [EmbeddedCrds.TrainingRun] });
        return new CliSandbox(server, time);
    }

    public Task<Trainctl.Result> RunAsync(params string[] args) => Trainctl.RunAsync(_ => Server.CreateClient(), Time, args);

    /// <summary>Runs trainctl writing to <paramref name="console"/> until it ends or <paramref name="ct"/> is cancelled.</summary>
    public Task<int> StartAsync(CliConsole console, CancellationToken ct, params string[] args) =>
        TrainctlApp.RunAsync(args, new CliServices { Console = console, ClientFactory = _ => Server.CreateClient(), Time = Time }, ct);

    public async Task EnsureNamespaceAsync(string ns)
    {
        var existing = await Client.CoreV1.ListNamespaceAsync();
        if (existing.Items.All(n => n.Metadata.Name != ns))
        {
            await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        }
    }

    public async Task<TrainingRun> CreateAsync(TrainingRun run)
    {
        var ns = run.Metadata.NamespaceProperty ?? "default";
        await EnsureNamespaceAsync(ns);
        var spec = new TrainingRun { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.Kind, Metadata = run.Metadata, Spec = run.Spec };
        return await Client.CustomObjects.CreateNamespacedCustomObjectAsync<TrainingRun>(spec, ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural);
    }

    public Task<TrainingRun> GetAsync(string ns, string name) =>
        Client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, name);

    /// <summary>Writes the status through the status subresource, as the controller does.</summary>
    public Task<TrainingRun> SetStatusAsync(string ns, string name, TrainingRunStatus status) =>
        Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync<TrainingRun>(
            new V1Patch(new { status }, V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, name);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
