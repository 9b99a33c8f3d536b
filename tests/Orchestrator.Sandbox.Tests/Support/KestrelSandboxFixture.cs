namespace Orchestrator.Sandbox.Tests.Support;

/// <summary>One sandbox on a loopback port with the repository's CRDs and a kubeconfig for kubectl.</summary>
public sealed class KestrelSandboxFixture : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sandbox-kubectl-" + Guid.NewGuid().ToString("N"));

    public SandboxApiServer Server { get; private set; } = null!;

    internal Kubectl Kubectl { get; private set; } = null!;

    public string Directory => _directory;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(_directory);
        Server = await SandboxApiServer.StartAsync(new SandboxApiOptions { CrdDirectory = Repo.Crds });
        Kubectl = new Kubectl(Server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig")));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        System.IO.Directory.Delete(_directory, recursive: true);
    }
}
