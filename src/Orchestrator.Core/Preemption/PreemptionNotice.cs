using Orchestrator.Api;

namespace Orchestrator.Core.Preemption;

/// <summary>A matched notice: which signal, on which object, and when the capacity is expected to go.</summary>
/// <remarks>
/// Source: <c>node/NAME</c> or <c>pod/NAME</c>. Detail: the taint value or condition reason, if any. WindowGuessed: the
/// window is the pod-condition default because no node signal said how long the node has; a node signal seen later
/// may still lengthen it. EndsAttempt: see <see cref="NoticeSignal.EndsAttempt"/>.
/// </remarks>
public sealed record PreemptionNotice(string Signal, string Provider, string Source, DateTimeOffset ReceivedTime, DateTimeOffset Deadline, string? Detail = null, bool WindowGuessed = false, bool EndsAttempt = true)
{
    public TimeSpan Window => Deadline - ReceivedTime;

    public string Evidence => Detail is null ? $"{Source}: {Describe()}" : $"{Source}: {Describe()} ({Detail})";

    public NoticeStatus ToStatus() => new() { Signal = Signal, Source = Source, ReceivedTime = ReceivedTime, Deadline = Deadline };

    private string Describe() => Source.StartsWith("pod/", StringComparison.Ordinal)
        ? $"condition {Signal}"
        : Signal is NoticeSignalTable.NodeDeleted or NoticeSignalTable.NodeNotReady ? Signal.Replace('-', ' ') : $"taint {Signal}";
}
