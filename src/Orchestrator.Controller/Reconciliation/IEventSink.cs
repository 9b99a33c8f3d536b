using Orchestrator.Api;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>Where reconcile Events go; must never block or fail the reconcile.</summary>
internal interface IEventSink
{
    void Publish(TrainingRun run, bool warning, string reason, string message);
}
