using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Cli.Kube;

/// <summary>Typed TrainingRun calls over KubernetesClient's custom-object API, with CLI-friendly errors.</summary>
/// <param name="client">The API client.</param>
/// <param name="warnings">Where the server's <c>Warning</c> headers are printed (stderr); null drops them.</param>
public sealed class TrainingRunClient(IKubernetes client, TextWriter? warnings = null)
{
    private readonly TextWriter _warnings = warnings ?? TextWriter.Null;

    public IKubernetes Kubernetes { get; } = client;

    private Uri? Server => Kubernetes.BaseUri;

    public Task<TrainingRun> GetAsync(string ns, string name, CancellationToken ct) =>
        ApiErrors.Call(Server, Describe(name), () =>
            Kubernetes.CustomObjects.GetNamespacedCustomObjectAsync<TrainingRun>(ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, name, ct), In(ns));

    public Task<TrainingRunList> ListAsync(string? ns, string? labelSelector, CancellationToken ct) =>
        ApiErrors.Call(Server, "trainingruns", () => ns is null
            ? Kubernetes.CustomObjects.ListCustomObjectForAllNamespacesAsync<TrainingRunList>(ApiGroup.Name, ApiGroup.Version, ApiGroup.Plural, labelSelector: labelSelector, cancellationToken: ct)
            : Kubernetes.CustomObjects.ListNamespacedCustomObjectAsync<TrainingRunList>(ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, labelSelector: labelSelector, cancellationToken: ct));

    /// <summary>Creates the run from <paramref name="body"/> as written, so the server sees every field the file has.</summary>
    public Task<TrainingRun> CreateAsync(string ns, JsonObject body, FieldValidationMode validation, CancellationToken ct) =>
        ApiErrors.Call(Server, Describe(JsonName(body)), async () =>
        {
            using var reply = await Kubernetes.CustomObjects.CreateNamespacedCustomObjectWithHttpMessagesAsync<TrainingRun>(
                body, ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, fieldValidation: Directive(validation), cancellationToken: ct);
            await ServerWarnings.PrintAsync(_warnings, reply.Response.Headers);
            return reply.Body;
        }, In(ns));

    /// <summary>Applies a JSON merge patch (RFC 7386) to the main resource, with strict field validation.</summary>
    public Task<TrainingRun> MergePatchAsync(string ns, string name, object patch, CancellationToken ct, FieldValidationMode validation = FieldValidationMode.Strict) =>
        ApiErrors.Call(Server, Describe(name), async () =>
        {
            using var reply = await Kubernetes.CustomObjects.PatchNamespacedCustomObjectWithHttpMessagesAsync<TrainingRun>(
                new V1Patch(patch, V1Patch.PatchType.MergePatch), ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, name,
                fieldValidation: Directive(validation), cancellationToken: ct);
            await ServerWarnings.PrintAsync(_warnings, reply.Response.Headers);
            return reply.Body;
        }, In(ns));

    public Task DeleteAsync(string ns, string name, CancellationToken ct) =>
        ApiErrors.Call(Server, Describe(name), () =>
            Kubernetes.CustomObjects.DeleteNamespacedCustomObjectAsync(ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural, name, cancellationToken: ct), In(ns));

    /// <summary>Events whose involvedObject is the run, oldest first.</summary>
    public async Task<IReadOnlyList<Corev1Event>> EventsAsync(TrainingRun run, CancellationToken ct)
    {
        var ns = run.Metadata.NamespaceProperty ?? "default";
        var selector = $"involvedObject.name={run.Metadata.Name},involvedObject.kind={ApiGroup.Kind}";
        var list = await ApiErrors.Call(Server, $"events of {Describe(run.Metadata.Name)}", () =>
            Kubernetes.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: selector, cancellationToken: ct), In(ns));
        return [.. list.Items
            .Where(e => run.Metadata.Uid is null || e.InvolvedObject.Uid is null || e.InvolvedObject.Uid == run.Metadata.Uid)
            .OrderBy(e => e.LastTimestamp ?? e.EventTime ?? e.FirstTimestamp)];
    }

    /// <summary>The run as it is now, then again every time it changes, until cancelled or deleted.</summary>
    public async IAsyncEnumerable<TrainingRun> WatchAsync(string ns, string name, [EnumeratorCancellation] CancellationToken ct)
    {
        var current = await GetAsync(ns, name, ct);
        yield return current;
        var resourceVersion = current.Metadata.ResourceVersion;
        while (!ct.IsCancellationRequested)
        {
            var events = Kubernetes.CustomObjects.WatchListNamespacedCustomObjectAsync(
                ApiGroup.Name, ApiGroup.Version, ns, ApiGroup.Plural,
                fieldSelector: $"metadata.name={name}", resourceVersion: resourceVersion,
                allowWatchBookmarks: false, timeoutSeconds: 300, cancellationToken: ct);
            var ended = false;
            var expired = false;
            await foreach (var (type, run) in Typed(events, ct))
            {
                if (type == WatchEventType.Deleted)
                {
                    ended = true;
                    break;
                }

                if (type == WatchEventType.Error)
                {
                    // A 410 Gone: our version fell out of the server's history. Start again from a fresh read.
                    expired = true;
                    break;
                }

                resourceVersion = run.Metadata.ResourceVersion;
                yield return run;
            }

            if (ended)
            {
                yield break;
            }

            if (expired)
            {
                current = await GetAsync(ns, name, ct);
                resourceVersion = current.Metadata.ResourceVersion;
                yield return current;
            }
        }
    }

    /// <summary>Typed watch events; connection failures become one-line errors, cancellation ends the stream.</summary>
    private async IAsyncEnumerable<(WatchEventType Type, TrainingRun Run)> Typed(
        IAsyncEnumerable<(WatchEventType, object)> source, [EnumeratorCancellation] CancellationToken ct)
    {
        var events = source.GetAsyncEnumerator(ct);
        await using (events)
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await events.MoveNextAsync();
                }
                catch (HttpRequestException e)
                {
                    throw ApiErrors.Unreachable(Server, e);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    yield break;
                }

                if (!moved)
                {
                    yield break;
                }

                var (type, body) = events.Current;
                var run = type == WatchEventType.Error
                    ? new TrainingRun()
                    : KubernetesJson.Deserialize<TrainingRun>(KubernetesJson.Serialize(body));
                yield return (type, run);
            }
        }
    }

    /// <summary>The API server's spelling of the directive.</summary>
    public static string Directive(FieldValidationMode mode) => mode.ToString();

    private static string? JsonName(JsonObject body) => body["metadata"]?["name"]?.GetValue<string>();

    private static string Describe(string? name) => $"trainingrun \"{name}\"";

    private static string In(string ns) => $" in namespace \"{ns}\"";
}
