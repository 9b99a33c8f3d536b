using System.Globalization;
using System.Threading.Channels;
using k8s;
using k8s.Models;
using Orchestrator.Api;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// Publishes core/v1 Events about runs from a bounded background queue, so a slow or failing API server never
/// blocks a reconcile; when the queue is full the oldest pending Event is dropped (and logged).
/// </summary>
internal sealed class KubernetesEventSink : IEventSink
{
    private const string Component = "orchestrator-controller";
    private readonly IKubernetes _client;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<Corev1Event> _pending = Channel.CreateBounded<Corev1Event>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest });
    private long _sequence;

    public KubernetesEventSink(IKubernetes client, TimeProvider time, ILogger logger)
    {
        _client = client;
        _time = time;
        _logger = logger;
        _ = Task.Run(DrainAsync);
    }

    public void Publish(TrainingRun run, bool warning, string reason, string message)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        var ns = run.Metadata.NamespaceProperty ?? "default";
        var name = string.Create(CultureInfo.InvariantCulture, $"{run.Metadata.Name}.{now.Ticks:x}{Interlocked.Increment(ref _sequence):x}");
        _pending.Writer.TryWrite(new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            InvolvedObject = new V1ObjectReference { ApiVersion = ApiGroup.ApiVersion, Kind = ApiGroup.Kind, Name = run.Metadata.Name, NamespaceProperty = ns, Uid = run.Metadata.Uid, ResourceVersion = run.Metadata.ResourceVersion },
            Reason = reason,
            Message = message,
            Type = warning ? "Warning" : "Normal",
            Source = new V1EventSource { Component = Component },
            ReportingComponent = Component,
            FirstTimestamp = now,
            LastTimestamp = now,
            Count = 1,
        });
    }

    private async Task DrainAsync()
    {
        await foreach (var e in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await _client.CoreV1.CreateNamespacedEventAsync(e, e.Metadata.NamespaceProperty);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning("Event {Reason} on {Run} was not recorded: {Error}", e.Reason, e.InvolvedObject.Name, ex.Message);
            }
        }
    }
}
