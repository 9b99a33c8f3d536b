using Orchestrator.Kubernetes.Caching;
using Quartz;

namespace Orchestrator.Controller.Timers;

/// <summary>A run's timer came due: hand its key to the work queue. The reconcile decides what is due; this job knows nothing else.</summary>
internal sealed class ReconcileTimerJob(Action<ObjectKey> enqueue) : IJob
{
    public const string NamespaceKey = "namespace";
    public const string NameKey = "name";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var ns = data.GetString(NamespaceKey);
        var name = data.GetString(NameKey);
        if (!string.IsNullOrEmpty(name))
        {
            enqueue(new ObjectKey(string.IsNullOrEmpty(ns) ? null : ns, name));
        }

        return ValueTask.CompletedTask;
    }
}
