using Microsoft.Extensions.Time.Testing;

namespace Orchestrator.Sandbox.Tests.Support;

/// <summary>In-memory sandboxes with the test Widget CRD, on a fake clock starting at a fixed instant.</summary>
internal static class TestSandbox
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static SandboxApiServer Create(FakeTimeProvider? time = null, int watchHistory = 10_000, bool gracefulPods = true) =>
        SandboxApiServer.CreateInMemory(new SandboxApiOptions
        {
            CrdDocuments = [File.ReadAllText(Repo.TestData("widgets.yaml"))],
            Time = time ?? new FakeTimeProvider(Start),
            Random = new Random(42),
            WatchHistory = watchHistory,
            GracefulPodDeletion = gracefulPods,
        });

    public static RawApi Api(this SandboxApiServer server) => new(server.CreateHttpClient());

    public static string Widget(string name, string spec = """{"color":"red"}""", string? metadataExtra = null) =>
        Obj("test.sandbox.dev/v1", "Widget", name, "{}", metadataExtra, "\"spec\":" + spec);

    public const string Widgets = "/apis/test.sandbox.dev/v1/namespaces/default/widgets";

    public const string ConfigMaps = "/api/v1/namespaces/default/configmaps";

    public const string Pods = "/api/v1/namespaces/default/pods";

    public static string ConfigMap(string name, string labels = "{}", string? extraMetadata = null) =>
        Obj("v1", "ConfigMap", name, labels, extraMetadata, "\"data\":{\"k\":\"v\"}");

    public static string Pod(string name, string? nodeName = null, string labels = "{}", string? extraMetadata = null) =>
        Obj("v1", "Pod", name, labels, extraMetadata,
            "\"spec\":{" + (nodeName is null ? "" : $"\"nodeName\":\"{nodeName}\",") + "\"containers\":[{\"name\":\"main\",\"image\":\"busybox\"}]}");

    private static string Obj(string apiVersion, string kind, string name, string labels, string? extraMetadata, string body) =>
        "{\"apiVersion\":\"" + apiVersion + "\",\"kind\":\"" + kind + "\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels +
        (extraMetadata is null ? "" : "," + extraMetadata) + "}," + body + "}";
}
