using k8s.Models;

namespace Orchestrator.Core.Reconcile;

/// <summary>Create an attempt's Job (named <c>&lt;run&gt;-&lt;attempt&gt;</c>); AlreadyExists means it was created before.</summary>
public sealed record CreateJob(V1Job Job) : ReconcileAction;
