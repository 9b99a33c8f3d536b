using Orchestrator.Sandbox.Tests.Support;
using static Orchestrator.Sandbox.Tests.Rbac.RbacSandbox;

namespace Orchestrator.Sandbox.Tests.Rbac;

/// <summary><c>kubectl auth can-i --as=...</c> against the sandbox in RBAC mode answers from the applied Roles (SelfSubjectAccessReview).</summary>
public sealed class KubectlAuthCanITests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sandbox-can-i-").FullName;
    private SandboxApiServer _server = null!;
    private Kubectl _kubectl = null!;

    public async Task InitializeAsync()
    {
        _server = await SandboxApiServer.StartAsync(new SandboxApiOptions { Authorization = AuthorizationMode.Rbac });
        _kubectl = new Kubectl(_server.WriteKubeconfig(Path.Combine(_directory, "kubeconfig")));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Can_i_answers_for_a_service_account_from_its_role()
    {
        using var admin = _server.CreateClient();
        await GrantAsync(admin, "default", "agent", Rule("", "pods", ["watch", "patch"]));
        const string agent = "--as=system:serviceaccount:default:agent";

        var patch = await _kubectl.RunAsync("auth", "can-i", agent, "patch", "pods", "-n", "default");
        var delete = await _kubectl.RunAsync("auth", "can-i", agent, "delete", "pods", "-n", "default");
        var elsewhere = await _kubectl.RunAsync("auth", "can-i", agent, "patch", "pods", "-n", "kube-system");
        var admin1 = await _kubectl.RunAsync("auth", "can-i", "delete", "nodes");

        Assert.True(patch.ExitCode == 0 && patch.Stdout.Trim() == "yes", patch.ToString());
        Assert.True(delete.ExitCode == 1 && delete.Stdout.Trim() == "no", delete.ToString());
        Assert.True(elsewhere.ExitCode == 1 && elsewhere.Stdout.Trim() == "no", elsewhere.ToString());
        Assert.True(admin1.ExitCode == 0 && admin1.Stdout.Trim() == "yes", admin1.ToString());
    }
}
