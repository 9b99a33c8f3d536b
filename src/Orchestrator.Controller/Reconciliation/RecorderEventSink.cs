using Orchestrator.Api;
using Orchestrator.Kubernetes.Events;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>Reconcile Events through the shared <see cref="EventRecorder"/>: buffered, never blocking, repeats aggregated.</summary>
internal sealed class RecorderEventSink(EventRecorder recorder) : IEventSink
{
    public void Publish(TrainingRun run, bool warning, string reason, string message)
    {
        if (warning)
        {
            recorder.Warning(run, reason, message);
        }
        else
        {
            recorder.Normal(run, reason, message);
        }
    }
}
