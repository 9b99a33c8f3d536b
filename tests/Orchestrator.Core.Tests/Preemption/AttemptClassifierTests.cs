using Orchestrator.Api;
using static Orchestrator.Core.Tests.Preemption.AttemptBuilder;

namespace Orchestrator.Core.Tests.Preemption;

public sealed class AttemptClassifierTests
{
    private const string Nth = "aws-node-termination-handler/spot-itn";

    public sealed record ClassCase(string Name, AttemptBuilder Attempt, AttemptEndReason Reason, params string[] EvidenceContains)
    {
        public override string ToString() => Name;
    }

    private static readonly ClassCase[] Cases =
    [
        new("job complete", AnAttempt().Worker("w-0", "n1", 0).JobCondition("Complete"), AttemptEndReason.Succeeded, "job: condition Complete"),
        new("every pod exited 0", AnAttempt().Worker("w-0", "n1", 0).Worker("w-1", "n2", 0), AttemptEndReason.Succeeded, "all 2 pods exited 0"),
        new("complete wins over a late notice",
            AnAttempt().Worker("w-0", "n1", 0).JobCondition("Complete").NodeTainted("n1", Nth, S(10)), AttemptEndReason.Succeeded),
        new("exit 1 with no disruption is an app failure",
            AnAttempt().Worker("w-0", "n1", 1, S(50), "Error", "Traceback: KeyError"), AttemptEndReason.AppFailure,
            "pod/w-0: exit 1 (Error)", "an application failure"),
        new("out of memory is an app failure even next to a preemption",
            AnAttempt().Worker("w-0", "n1", 143, S(130)).NodeTainted("n1", Nth, S(0)).Worker("w-1", "n2", 137, S(60), "OOMKilled"),
            AttemptEndReason.AppFailure, "out of memory"),
        new("SIGTERM on a node with the NTH taint is a preemption",
            AnAttempt().Worker("w-0", "n1", 143, S(130)).NodeTainted("n1", Nth, S(0), "evt-42"), AttemptEndReason.Preempted,
            "node/n1: taint aws-node-termination-handler/spot-itn (evt-42)", "its node was disrupted"),
        new("a pod with DisruptionTarget is preempted",
            AnAttempt().Worker("w-0", "n1", 143, S(40)).PodDisrupted("w-0", "TerminationByKubelet", S(5)), AttemptEndReason.Preempted,
            "pod/w-0: condition DisruptionTarget (TerminationByKubelet)"),
        new("a node that vanished takes its pod without notice",
            AnAttempt().Worker("w-0", "n1", exit: null).NodeVanished("n1", S(3)), AttemptEndReason.Preempted, "node/n1: node deleted"),
        new("graceful node shutdown is a disruption",
            AnAttempt().Worker("w-0", "n1", 143, S(20), "NodeShutdown"), AttemptEndReason.Preempted, "terminated by the platform (NodeShutdown)"),
        new("a peer's NCCL error 20 s after its partner's preemption is a preemption",
            AnAttempt().Worker("w-0", "n1", 143, S(125)).NodeTainted("n1", Nth, S(0)).PodDisrupted("w-0", "DeletionByTaintManager", S(1))
                .Worker("w-1", "n2", 1, S(145), "Error", "NCCL error: remote process exited or there was a network error"),
            AttemptEndReason.Preempted, "pod/w-1: exit 1 (Error)", "counted as preempted"),
        new("a peer failing 30 min after the disruption is an app failure",
            AnAttempt().Worker("w-0", "n1", 143, S(125)).NodeTainted("n1", Nth, S(0)).Worker("w-1", "n2", 1, S(1800), "Error"),
            AttemptEndReason.AppFailure, "pod/w-1: exit 1 (Error)"),
        new("a peer failing before the node's vanish was observed is still correlated",
            AnAttempt().Worker("w-0", "n1", exit: null).NodeVanished("n1", S(60)).Worker("w-1", "n2", 1, S(40), "Error"),
            AttemptEndReason.Preempted, "20s before the disruption of node/n1"),
        new("Kueue preempted the workload",
            AnAttempt().Worker("w-0", "n1", 143, S(20)).Evicted("Preempted", S(0)), AttemptEndReason.Preempted, "evicted by Kueue (Preempted)"),
        new("Kueue deactivated the workload",
            AnAttempt().Worker("w-0", "n1", 143, S(20)).Evicted("InactiveWorkload", S(0)), AttemptEndReason.Suspended),
        new("a requested suspend",
            AnAttempt().SuspendRequested(S(0)).Worker("w-0", "n1", 143, S(30)), AttemptEndReason.Suspended, "suspend requested"),
        new("an app failure before the suspend request stays an app failure",
            AnAttempt().Worker("w-0", "n1", 2, S(-60), "Error").SuspendRequested(S(0)), AttemptEndReason.AppFailure),
        new("a SIGKILL nobody explains is unknown",
            AnAttempt().Worker("w-0", "n1", 137, S(30)), AttemptEndReason.Unknown, "killed with no disruption"),
        new("a vanished job with no evidence is unknown", AnAttempt().JobVanished(), AttemptEndReason.Unknown, "job: vanished"),
        new("a failed job without pods is unknown, with the job's reason kept",
            AnAttempt().JobCondition("Failed", "BackoffLimitExceeded"), AttemptEndReason.Unknown, "job: condition Failed (BackoffLimitExceeded)"),
    ];

    public static TheoryData<ClassCase> All() => [.. Cases];

    [Theory]
    [MemberData(nameof(All))]
    public void Classifies_attempt_ends(ClassCase c)
    {
        var result = c.Attempt.Classify();

        Assert.True(c.Reason == result.Reason, $"expected {c.Reason}, got {result.Reason}: {string.Join(" | ", result.Evidence)}");
        Assert.NotEmpty(result.Evidence);
        foreach (var text in c.EvidenceContains)
        {
            Assert.True(result.Evidence.Any(e => e.Contains(text, StringComparison.Ordinal)), $"no evidence contains '{text}': {string.Join(" | ", result.Evidence)}");
        }
    }
}
