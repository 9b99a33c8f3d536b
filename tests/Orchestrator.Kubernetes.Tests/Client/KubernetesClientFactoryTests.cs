using k8s;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Sandbox;

namespace Orchestrator.Kubernetes.Tests.Client;

/// <summary>The factory against a sandbox on a loopback port (a kubeconfig needs a real address).</summary>
public sealed class KubernetesClientFactoryTests : IAsyncLifetime, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("kube-factory-").FullName;
    private SandboxApiServer _server = null!;

    public async Task InitializeAsync() => _server = await SandboxApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("current context", null)]
    [InlineData("named context", "sandbox")]
    public async Task A_kubeconfig_path_and_optional_context_reach_the_cluster(string name, string? context)
    {
        _ = name;
        var path = WriteKubeconfig();

        using var client = KubernetesClientFactory.Create(path, context);

        var namespaces = await client.CoreV1.ListNamespaceAsync();
        Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
    }

    [Fact]
    public void A_missing_kubeconfig_is_reported_by_path()
    {
        var path = Path.Combine(_directory, "nope");

        var error = Assert.Throws<FileNotFoundException>(() => KubernetesClientFactory.Create(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_handler_carries_every_request()
    {
        using var counting = new CountingHandler(new SocketsHttpHandler());
        using var client = KubernetesClientFactory.Create(_server.BaseAddress, counting);

        await client.CoreV1.ListNamespaceAsync();
        await client.CoreV1.ListNamespacedPodAsync("default");

        Assert.Equal(2, counting.Requests);
    }

    /// <summary>
    /// The sandbox's own WriteKubeconfig writes the user as <c>{}</c>, which KubernetesClient 21 rejects ("does not
    /// have appropriate auth credentials"), so this test writes one with a token the sandbox ignores.
    /// </summary>
    private string WriteKubeconfig()
    {
        var path = Path.Combine(_directory, "config");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {_server.BaseAddress.ToString().TrimEnd('/')}
            contexts:
            - name: sandbox
              context:
                cluster: sandbox
                user: sandbox
                namespace: default
            current-context: sandbox
            users:
            - name: sandbox
              user:
                token: not-checked
            """);
        return path;
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _requests;

        public int Requests => Volatile.Read(ref _requests);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
