using Orchestrator.Core.Preemption;

namespace Orchestrator.Core.Tests.Preemption;

/// <summary>Fluent attempt evidence: <c>AnAttempt().Worker("w-0", "n1", exit: 143, at: S(130)).NodeTainted("n1", ...).Classify()</c>.</summary>
public sealed class AttemptBuilder
{
    public static readonly DateTimeOffset Origin = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<PodTermination> _pods = [];
    private readonly Dictionary<string, NodeObservation> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, PodObservation> _podObservations = new(StringComparer.Ordinal);
    private readonly List<JobConditionObservation> _conditions = [];
    private KueueEviction? _eviction;
    private DateTimeOffset? _suspendRequestedAt;
    private bool _jobVanished;

    public static AttemptBuilder AnAttempt() => new();

    public static DateTimeOffset S(double seconds) => Origin + TimeSpan.FromSeconds(seconds);

    public AttemptBuilder Worker(string pod, string node, int? exit, DateTimeOffset? at = null, string? reason = null, string? message = null)
    {
        _pods.Add(new PodTermination(pod, node, exit, reason, message, at));
        Node(node);
        _podObservations.TryAdd(pod, new PodObservation(pod, node, []));
        return this;
    }

    public AttemptBuilder NodeTainted(string node, string key, DateTimeOffset at, string? value = null)
    {
        var current = Node(node);
        _nodes[node] = current with { Taints = [.. current.Taints, new TaintObservation(key, value, "NoSchedule", at)] };
        return this;
    }

    public AttemptBuilder NodeVanished(string node, DateTimeOffset at)
    {
        _nodes[node] = Node(node) with { DeletedAt = at };
        return this;
    }

    public AttemptBuilder PodDisrupted(string pod, string reason, DateTimeOffset at)
    {
        var current = _podObservations[pod];
        _podObservations[pod] = current with
        {
            Conditions = [.. current.Conditions, new PodConditionObservation("DisruptionTarget", "True", reason, at, at)],
        };
        return this;
    }

    public AttemptBuilder Evicted(string reason, DateTimeOffset at)
    {
        _eviction = new KueueEviction(reason, at);
        return this;
    }

    public AttemptBuilder SuspendRequested(DateTimeOffset at)
    {
        _suspendRequestedAt = at;
        return this;
    }

    public AttemptBuilder JobCondition(string type, string? reason = null)
    {
        _conditions.Add(new JobConditionObservation(type, reason));
        return this;
    }

    public AttemptBuilder JobVanished()
    {
        _jobVanished = true;
        return this;
    }

    public AttemptEvidence Build() => new(
        _pods,
        NoticeMatcher.Match(NoticeSignalTable.Default, _nodes.Values, _podObservations.Values),
        _conditions,
        _eviction,
        _suspendRequestedAt,
        _jobVanished);

    public AttemptClassification Classify() => AttemptClassifier.Classify(Build());

    private NodeObservation Node(string name)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            node = new NodeObservation(name, []);
            _nodes[name] = node;
        }

        return node;
    }
}
