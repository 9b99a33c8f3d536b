using Orchestrator.Controller.Hosting;
using Orchestrator.Core.Preemption;

namespace Orchestrator.Controller.Tests.Hosting;

/// <summary>The config key <c>noticeSignals[].endsAttempt</c> (owner: ControllerConfigFile): false makes a signal save-only; absent, it ends the attempt.</summary>
public sealed class NoticeSignalEndsAttemptConfigTests
{
    [Fact]
    public void EndsAttempt_false_makes_a_signal_save_only_and_absent_keeps_it_ending()
    {
        var settings = ControllerConfigFile.Parse("config.yaml", """
            noticeSignals:
              - name: karpenter
                source: NodeTaint
                key: karpenter.sh/disrupted
                noticeWindow: 120s
                endsAttempt: false
              - name: my-handler
                source: NodeTaint
                key: example.com/node-terminating
                noticeWindow: 60s
            """);

        Assert.False(settings.Signals.Find(NoticeSignalKind.NodeTaint, "karpenter.sh/disrupted")!.EndsAttempt);
        Assert.True(settings.Signals.Find(NoticeSignalKind.NodeTaint, "example.com/node-terminating")!.EndsAttempt);
    }
}
