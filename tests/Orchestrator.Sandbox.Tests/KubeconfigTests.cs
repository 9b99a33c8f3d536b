using k8s;

namespace Orchestrator.Sandbox.Tests;

public sealed class KubeconfigTests
{
    [Fact]
    public async Task The_written_kubeconfig_loads_in_KubernetesClient_and_reaches_the_sandbox()
    {
        await using var server = await SandboxApiServer.StartAsync();
        var path = Path.Combine(Directory.CreateTempSubdirectory("sandbox-kubeconfig-").FullName, "config");
        server.WriteKubeconfig(path);

        // BuildConfigFromConfigFile rejects a user with no credentials: this is what in-pod agents and trainctl do.
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(path));
        var namespaces = await client.CoreV1.ListNamespaceAsync();

        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
