using System.Globalization;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Kubernetes.Caching;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Kubernetes.Events;

/// <summary>
/// Records core/v1 Events about objects without ever blocking the caller: <see cref="Record"/> puts the event in a
/// bounded buffer and returns; a background loop writes it. A repeat of the same event (object, type, reason,
/// message) within the aggregation window increments the existing Event's <c>count</c> and <c>lastTimestamp</c>
/// instead of creating another, as kubectl users expect ("x5 over 3m"). Write failures are logged, never thrown.
/// </summary>
public sealed class EventRecorder : IAsyncDisposable
{
    private const int MaxRemembered = 4096;
    private readonly IKubernetes _client;
    private readonly EventRecorderOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Pending> _buffer;
    private readonly Dictionary<AggregateKey, Written> _recent = [];
    private readonly Task _writer;
    private long _dropped;
    private long _sequence;

    /// <param name="client">API client; needs create and patch on events.</param>
    /// <param name="options">Component name, buffer size, aggregation window.</param>
    /// <param name="time">Clock for timestamps and the aggregation window.</param>
    /// <param name="logger">Logs dropped events and write failures.</param>
    public EventRecorder(IKubernetes client, EventRecorderOptions options, TimeProvider time, ILogger? logger = null)
    {
        _client = client;
        _options = options;
        _time = time;
        _logger = logger ?? NullLogger.Instance;
        _buffer = Channel.CreateBounded<Pending>(new BoundedChannelOptions(options.BufferSize) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Events dropped because the buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Records a Normal event about <paramref name="involved"/>.</summary>
    public void Normal(IKubernetesObject<V1ObjectMeta> involved, string reason, string message) => Record(involved, EventType.Normal, reason, message);

    /// <summary>Records a Warning event about <paramref name="involved"/>.</summary>
    public void Warning(IKubernetesObject<V1ObjectMeta> involved, string reason, string message) => Record(involved, EventType.Warning, reason, message);

    /// <summary>Queues an event and returns at once; if the buffer is full the event is dropped and counted in <see cref="Dropped"/>.</summary>
    /// <param name="involved">The object the event is about (its kind, name, namespace, uid are copied now).</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">A short UpperCamelCase reason, e.g. "Preempted".</param>
    /// <param name="message">A human-readable sentence.</param>
    public void Record(IKubernetesObject<V1ObjectMeta> involved, EventType type, string reason, string message)
    {
        var meta = involved.Metadata;
        var declared = TypeMeta.Of(involved.GetType());
        var reference = new V1ObjectReference
        {
            ApiVersion = string.IsNullOrEmpty(involved.ApiVersion) ? declared?.ApiVersion : involved.ApiVersion,
            Kind = string.IsNullOrEmpty(involved.Kind) ? declared?.Kind : involved.Kind,
            Name = meta.Name,
            NamespaceProperty = meta.NamespaceProperty,
            Uid = meta.Uid,
            ResourceVersion = meta.ResourceVersion,
        };
        if (!_buffer.Writer.TryWrite(new Pending(reference, type, reason, message, _time.GetUtcNow())))
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>Stops accepting events and waits (up to 10 s) for the buffered ones to be written.</summary>
    public async ValueTask DisposeAsync()
    {
        _buffer.Writer.TryComplete();
        await _writer.WaitAsync(TimeSpan.FromSeconds(10), _time).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WriteLoopAsync()
    {
        await foreach (var pending in _buffer.Reader.ReadAllAsync())
        {
            try
            {
                await WriteAsync(pending);
            }
            catch (Exception ex) // Events are best effort: a failed write must not stop later ones.
            {
                _logger.LogWarning(ex, "Could not record event {Reason} for {Kind} {Name}", pending.Reason, pending.Involved.Kind, pending.Involved.Name);
            }
        }
    }

    private async Task WriteAsync(Pending pending)
    {
        var key = new AggregateKey(pending.Involved.Kind, pending.Involved.NamespaceProperty, pending.Involved.Name, pending.Involved.Uid, pending.Type, pending.Reason, pending.Message);
        if (_recent.TryGetValue(key, out var written) && pending.At - written.First < _options.AggregationWindow)
        {
            var count = written.Count + 1;
            var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = Timestamp(pending.At) };
            try
            {
                await _client.CoreV1.PatchNamespacedEventAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), written.Name, written.Namespace);
                _recent[key] = written with { Count = count };
                return;
            }
            catch (Exception ex) when (ApiErrors.IsNotFound(ex))
            {
                // The event expired on the server (events have a TTL): start a new one.
            }
        }

        var created = await _client.CoreV1.CreateNamespacedEventAsync(NewEvent(pending), EventNamespace(pending.Involved));
        Remember(key, new Written(created.Metadata.Name, created.Metadata.NamespaceProperty, 1, pending.At));
    }

    private Corev1Event NewEvent(Pending pending)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{pending.Involved.Name}.{pending.At.ToUnixTimeMilliseconds() * 1_000_000 + (Interlocked.Increment(ref _sequence) % 1_000_000):x}");
        return new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = EventNamespace(pending.Involved) },
            InvolvedObject = pending.Involved,
            Reason = pending.Reason,
            Message = pending.Message,
            Type = pending.Type.ToString(),
            Source = new V1EventSource { Component = _options.Component },
            ReportingComponent = _options.Component,
            ReportingInstance = _options.Instance,
            Count = 1,
            FirstTimestamp = pending.At.UtcDateTime,
            LastTimestamp = pending.At.UtcDateTime,
        };
    }

    private void Remember(AggregateKey key, Written written)
    {
        if (_recent.Count >= MaxRemembered)
        {
            var cutoff = written.First - _options.AggregationWindow;
            foreach (var stale in _recent.Where(e => e.Value.First < cutoff).Select(e => e.Key).ToList())
            {
                _recent.Remove(stale);
            }

            if (_recent.Count >= MaxRemembered)
            {
                _recent.Clear();
            }
        }

        _recent[key] = written;
    }

    // Events about cluster-scoped objects (nodes) live in "default", as kubelet's do.
    private static string EventNamespace(V1ObjectReference involved) =>
        string.IsNullOrEmpty(involved.NamespaceProperty) ? "default" : involved.NamespaceProperty;

    private static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record Pending(V1ObjectReference Involved, EventType Type, string Reason, string Message, DateTimeOffset At);

    private sealed record AggregateKey(string? Kind, string? Namespace, string? Name, string? Uid, EventType Type, string Reason, string Message);

    private sealed record Written(string Name, string Namespace, int Count, DateTimeOffset First);
}
