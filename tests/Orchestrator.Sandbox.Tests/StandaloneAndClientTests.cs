using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Sandbox.Tests.Support;
using Orchestrator.Sandbox.Validation;

namespace Orchestrator.Sandbox.Tests;

public sealed class StandaloneAndClientTests
{
    [Fact]
    public async Task The_standalone_host_writes_a_kubeconfig_the_client_can_use_and_stops_when_cancelled()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sandbox-standalone-" + Guid.NewGuid().ToString("N"));
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        var port = LoopbackPort.Free();
        using var cts = new CancellationTokenSource();
        var host = SandboxApiServer.RunStandaloneAsync(kubeconfig, port, cts.Token);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(kubeconfig))
            {
                Assert.True(DateTime.UtcNow < deadline && !host.IsCompleted, "no kubeconfig written");
                await Task.Delay(20);
            }

            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            Assert.Equal($"http://127.0.0.1:{port}", config.Host.TrimEnd('/'));
            Assert.Equal("default", config.Namespace);
            using var client = new Kubernetes(config);
            var namespaces = await client.CoreV1.ListNamespaceAsync();
            Assert.Contains(namespaces.Items, n => n.Metadata.Name == "default");
        }
        finally
        {
            await cts.CancelAsync();
            await host.WaitAsync(TimeSpan.FromSeconds(60));
            Directory.Delete(directory, recursive: true);
        }

        using var probe = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
    }

    [Fact]
    public async Task Leases_support_the_create_then_conditional_update_of_leader_election()
    {
        await using var server = TestSandbox.Create();
        using var client = server.CreateClient();
        var lease = await client.CoordinationV1.CreateNamespacedLeaseAsync(new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "orchestrator-leader" },
            Spec = new V1LeaseSpec { HolderIdentity = "a", LeaseDurationSeconds = 15 },
        }, "kube-system");

        lease.Spec.HolderIdentity = "b";
        var taken = await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "orchestrator-leader", "kube-system");
        Assert.Equal("b", taken.Spec.HolderIdentity);

        lease.Spec.HolderIdentity = "c";
        var e = await Assert.ThrowsAsync<HttpOperationException>(() => client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, "orchestrator-leader", "kube-system"));
        Assert.Equal(HttpStatusCode.Conflict, e.Response.StatusCode);
    }

    [Fact]
    public async Task Both_event_apis_accept_events()
    {
        await using var server = TestSandbox.Create();
        using var client = server.CreateClient();
        await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "core.1" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = "default" },
            Reason = "Started",
            Message = "core event",
            Type = "Normal",
        }, "default");
        await client.EventsV1.CreateNamespacedEventAsync(new Eventsv1Event
        {
            Metadata = new V1ObjectMeta { Name = "new.1" },
            EventTime = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc),
            Regarding = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = "default" },
            Reason = "Started",
            Note = "events.k8s.io event",
            Type = "Normal",
            Action = "Start",
            ReportingController = "orchestrator.dev/controller",
            ReportingInstance = "controller-0",
        }, "default");

        Assert.Single((await client.CoreV1.ListNamespacedEventAsync("default")).Items);
        var modern = await client.EventsV1.ListNamespacedEventAsync("default", fieldSelector: "regarding.name=p");
        Assert.Equal("events.k8s.io event", Assert.Single(modern.Items).Note);
    }

    [Fact]
    public async Task Every_cel_rule_of_the_repository_crds_is_enforced_on_the_samples()
    {
        await using var server = SandboxApiServer.CreateInMemory(new SandboxApiOptions { CrdDirectory = Repo.Crds });
        var api = server.Api();
        await api.PostAsync("/api/v1/namespaces", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"ml-research"}}""");
        foreach (var file in Directory.GetFiles(Repo.Samples, "*.yaml"))
        {
            foreach (var doc in File.ReadAllText(file).Split("\n---", StringSplitOptions.RemoveEmptyEntries))
            {
                if (!doc.Contains("kind: TrainingRun", StringComparison.Ordinal))
                {
                    continue;
                }

                var ns = doc.Contains("namespace: ml-research", StringComparison.Ordinal) ? "ml-research" : "default";
                var reply = await api.SendAsync(HttpMethod.Post, $"/apis/orchestrator.dev/v1alpha1/namespaces/{ns}/trainingruns", doc, "application/yaml");
                Assert.True(reply.Code == HttpStatusCode.Created, $"{file}: {reply.Text}");
            }
        }

        var crdRules = File.ReadAllText(Path.Combine(Repo.Crds, "orchestrator.dev_trainingruns.yaml"));
        var unenforced = CelRule.Unenforced.Where(u => crdRules.Contains(u.Key, StringComparison.Ordinal)).ToList();
        Assert.True(unenforced.Count == 0, string.Join("\n", unenforced.Select(u => $"{u.Key}: {u.Value}")));
    }
}
