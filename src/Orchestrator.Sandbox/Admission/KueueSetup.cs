using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Orchestrator.Sandbox.Json;

namespace Orchestrator.Sandbox.Admission;

/// <summary>Creates Kueue objects (flavors, queues) from YAML or JSON documents, leaving existing ones alone.</summary>
internal static class KueueSetup
{
    public static IReadOnlyList<JsonObject> ReadFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Kueue setup file not found: {path}", path);
        }

        return YamlJson.ParseAll(File.ReadAllText(path)).OfType<JsonObject>().ToList();
    }

    /// <summary>A setup may name namespaces (ml-research) the fresh sandbox does not have yet.</summary>
    private static async Task EnsureNamespaceAsync(IKubernetes client, string ns, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.CreateNamespaceAsync(new k8s.Models.V1Namespace { Metadata = new k8s.Models.V1ObjectMeta { Name = ns } }, cancellationToken: ct);
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there.
        }
    }

    public static async Task ApplyAsync(IKubernetes client, IEnumerable<JsonObject> objects, CancellationToken ct)
    {
        foreach (var obj in objects)
        {
            var kind = obj["kind"]?.GetValue<string>();
            var name = obj["metadata"]?["name"]?.GetValue<string>() ?? "";
            var ns = obj["metadata"]?["namespace"]?.GetValue<string>() ?? "default";
            var body = JsonNode.Parse(obj.ToJsonString())!;
            try
            {
                switch (kind)
                {
                    case "ResourceFlavor":
                        await client.CustomObjects.CreateClusterCustomObjectAsync(body, KueueApi.Group, KueueApi.Version, KueueApi.ResourceFlavors, cancellationToken: ct);
                        break;
                    case "ClusterQueue":
                        await client.CustomObjects.CreateClusterCustomObjectAsync(body, KueueApi.Group, KueueApi.Version, KueueApi.ClusterQueues, cancellationToken: ct);
                        break;
                    case "LocalQueue":
                        await EnsureNamespaceAsync(client, ns, ct);
                        await client.CustomObjects.CreateNamespacedCustomObjectAsync(body, KueueApi.Group, KueueApi.Version, ns, KueueApi.LocalQueues, cancellationToken: ct);
                        break;
                    default:
                        throw new InvalidDataException($"Kueue setup: {kind ?? "(no kind)"} {name} is not a ResourceFlavor, ClusterQueue or LocalQueue.");
                }
            }
            catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.Conflict)
            {
                // Already there (a second start against the same server): keep what exists.
            }
        }
    }
}
