using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using k8s;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Orchestrator.Sandbox.Auth;
using Orchestrator.Sandbox.Http;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox;

/// <summary>
/// An in-process emulation of a Kubernetes API server (see docs/sandbox.md for what it does and does not do).
/// In memory (<see cref="CreateInMemory"/>) for tests, or on a loopback port (<see cref="StartAsync"/>) for kubectl.
/// </summary>
public sealed class SandboxApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TestServer? _testServer;
    private readonly PodLogRoute _podLogs = new();

    /// <summary>Set when the server listens with TLS (RBAC mode on a port): kubectl sends credentials only over HTTPS.</summary>
    private readonly ServingCertificate? _tls;

    private SandboxApiServer(SandboxApiOptions options, bool inMemory, int port)
    {
        Options = options;
        Registry = new ResourceRegistry();
        Store = new ObjectStore(options);
        Faults = new FaultInjector(options.Time, options.Random);
        Faults.WatchesDropped += resource =>
        {
            foreach (var watcher in Store.OpenWatchers(resource))
            {
                watcher.Dropped.Cancel();
            }
        };
        var rules = new ObjectRules(options);
        Crds = new CustomResources(Registry, Store);
        foreach (var type in BuiltInResources.All)
        {
            Registry.Register(type);
            Store.EnsureTable(type);
        }

        Access = new SandboxAccess(options.Authorization, Store, options.Time);
        var logs = new PodLogEndpoint(Store, _podLogs, options);
        var handler = new ApiRequestHandler(Registry, Store, rules, new Discovery(Registry, options), new OpenApi(Registry), Faults, Crds, Access, options, logs);
        Seed(rules);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        if (inMemory)
        {
            builder.WebHost.UseTestServer();
        }
        else if (options.Authorization == AuthorizationMode.Rbac)
        {
            _tls = ServingCertificate.Create();
            var certificate = _tls.Certificate;
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.UseHttps(certificate)));
        }
        else
        {
            builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        }

        _app = builder.Build();
        _app.Run(handler.HandleAsync);
        _testServer = inMemory ? (TestServer)_app.Services.GetRequiredService<IServer>() : null;
    }

    /// <summary>The address clients use: http://127.0.0.1:port/ with Kestrel, a placeholder host in memory.</summary>
    public Uri BaseAddress { get; private set; } = new("http://localhost/");

    public FaultInjector Faults { get; }

    /// <summary>The CA certificate (PEM) clients must trust when the server serves HTTPS; null over plain HTTP.</summary>
    public string? CertificateAuthorityPem => _tls?.Pem;

    /// <summary>Where <c>pods/{name}/log</c> is read from: the cluster's kubelet. Without one, a started container's log is an error.</summary>
    public IPodLogFiles? PodLogs
    {
        get => _podLogs.Files;
        set => _podLogs.Files = value;
    }

    public SandboxApiOptions Options { get; }

    /// <summary>The latest resourceVersion handed out.</summary>
    public long ResourceVersion => Store.CurrentResourceVersion;

    internal ObjectStore Store { get; }

    internal ResourceRegistry Registry { get; }

    internal CustomResources Crds { get; }

    internal SandboxAccess Access { get; }

    /// <summary>A server served by an in-memory TestServer: no port, for tests.</summary>
    public static SandboxApiServer CreateInMemory(SandboxApiOptions? options = null)
    {
        var server = new SandboxApiServer(options ?? new SandboxApiOptions(), inMemory: true, port: 0);
        server._app.StartAsync().GetAwaiter().GetResult();
        server.BaseAddress = server._testServer!.BaseAddress;
        return server;
    }

    /// <summary>A server on Kestrel at 127.0.0.1:<paramref name="port"/> (0 picks a free port).</summary>
    public static async Task<SandboxApiServer> StartAsync(SandboxApiOptions? options = null, int port = 0, CancellationToken ct = default)
    {
        var server = new SandboxApiServer(options ?? new SandboxApiOptions(), inMemory: false, port);
        await server._app.StartAsync(ct);
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>
    /// Runs a server on <paramref name="port"/>, writes a kubeconfig for it to <paramref name="kubeconfigPath"/>,
    /// and serves until <paramref name="ct"/> is cancelled (the host of <c>trainctl sandbox</c>).
    /// </summary>
    public static async Task RunStandaloneAsync(string kubeconfigPath, int port, CancellationToken ct, SandboxApiOptions? options = null)
    {
        await using var server = await StartAsync(options, port, ct);
        server.WriteKubeconfig(kubeconfigPath);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Cancellation is how the standalone server is asked to stop.
        }
    }

    /// <summary>The real KubernetesClient, over HTTP (through the TestServer handler when in memory).</summary>
    public IKubernetes CreateClient() => CreateClient(SandboxAccess.AdminToken);

    /// <summary>A plain HttpClient to the server (for raw requests in tests and tools).</summary>
    public HttpClient CreateHttpClient()
    {
        var client = CreateAnonymousHttpClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", SandboxAccess.AdminToken);
        return client;
    }

    /// <summary>A plain HttpClient that sends no credentials (for tests of anonymous access).</summary>
    public HttpClient CreateAnonymousHttpClient()
    {
        if (_testServer is not null)
        {
            return _testServer.CreateClient();
        }

        var tls = _tls;
        var handler = new HttpClientHandler();
        if (tls is not null)
        {
            handler.ServerCertificateCustomValidationCallback = (_, presented, _, _) => tls.Matches(presented);
        }

        return new HttpClient(handler) { BaseAddress = BaseAddress };
    }

    /// <summary>
    /// A ServiceAccount token from the TokenRequest API (an hour), for a client that acts as that ServiceAccount:
    /// <see cref="CreateClient(string)"/> or a kubeconfig from <see cref="WriteKubeconfig(string, string)"/>.
    /// </summary>
    public string IssueToken(string ns, string serviceAccount) =>
        Access.RequestToken(ns, serviceAccount, new JsonObject(), Options.Time)["status"]!["token"]!.GetValue<string>();

    /// <summary>The real KubernetesClient sending <paramref name="token"/> (a ServiceAccount's, from <see cref="IssueToken"/>).</summary>
    public IKubernetes CreateClient(string token)
    {
        var config = new KubernetesClientConfiguration { Host = BaseAddress.ToString().TrimEnd('/'), AccessToken = token };
        if (_tls is not null)
        {
            config.SslCaCerts = [X509CertificateLoader.LoadCertificate(_tls.Certificate.RawData)];
        }

        return _testServer is null ? new Kubernetes(config) : new Kubernetes(config, new ForwardingHandler(_testServer.CreateHandler()));
    }

    /// <summary>
    /// Writes a kubeconfig (context "sandbox", namespace "default") for kubectl and KubernetesClient; returns the path.
    /// The token is a placeholder the server ignores: KubernetesClient refuses a user without credentials.
    /// </summary>
    public string WriteKubeconfig(string path) => WriteKubeconfig(path, SandboxAccess.AdminToken);

    /// <summary>A kubeconfig like <see cref="WriteKubeconfig(string)"/> whose user sends <paramref name="token"/> (e.g. the controller's ServiceAccount).</summary>
    public string WriteKubeconfig(string path, string token)
    {
        if (_testServer is not null)
        {
            throw new InvalidOperationException("An in-memory sandbox has no address other processes can reach; use StartAsync for a kubeconfig.");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var server = BaseAddress.ToString().TrimEnd('/');
        File.WriteAllText(path, string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: sandbox
              cluster:
                server: {server}{(_tls is null ? "" : "\n    certificate-authority-data: " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(_tls.Pem)))}
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
                # The admin token (group system:masters). Only checked with AuthorizationMode.Rbac; KubernetesClient
                # refuses a user without any credentials either way.
                token: {token}

            """));
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in Store.OpenWatchers(null))
        {
            watcher.Dropped.Cancel();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _tls?.Dispose();
    }

    private void Seed(ObjectRules rules)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            Store.Create(BuiltInResources.Namespaces,
                rules.PrepareCreate(BuiltInResources.Namespaces, "", new JsonObject { ["metadata"] = new JsonObject { ["name"] = ns } }));
        }

        var documents = Options.CrdDirectory is { } dir && Directory.Exists(dir) ? CrdLoader.ReadDirectory(dir) : [];
        // A CRD given twice (a folder and a document) is served once, from the last definition.
        var crds = documents.Concat(Options.CrdDocuments.SelectMany(CrdLoader.ReadDocuments))
            .GroupBy(d => JsonNodes.String(d["metadata"], "name") ?? "")
            .Select(g => g.Last());
        foreach (var crd in crds)
        {
            Crds.Install(crd);
            var prepared = rules.PrepareCreate(BuiltInResources.CustomResourceDefinitions, "", crd);
            prepared["status"] = CustomResources.EstablishedStatus(prepared, JsonNodes.Timestamp(Options.Time.GetUtcNow()));
            Store.Create(BuiltInResources.CustomResourceDefinitions, prepared);
        }
    }
}
