using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Preemption;

/// <summary>The just-in-time checkpoint rule: save on a notice only when the expected save fits the time left.</summary>
public static class JustInTime
{
    public static JustInTimeDecision Decide(PreemptionNotice notice, DateTimeOffset now, SaveTimeEstimate estimate, bool saveOnNotice = true)
    {
        var left = notice.Deadline - now;
        if (!saveOnNotice)
        {
            return new(false, "saveOnNotice is off.", notice.Deadline);
        }

        if (left <= TimeSpan.Zero)
        {
            return new(false, $"{notice.Evidence}: no time left (deadline passed {HumanDuration.Format(-left)} ago).", notice.Deadline);
        }

        var fits = estimate.Expected <= left;
        var verdict = fits ? "fits" : "does not fit";
        return new(fits,
            $"{notice.Evidence}: expected save {HumanDuration.Format(estimate.Expected)} ({estimate.Basis}) {verdict} in the {HumanDuration.Format(left)} left.",
            notice.Deadline);
    }
}
