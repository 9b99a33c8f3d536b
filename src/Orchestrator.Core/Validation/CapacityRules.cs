using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

internal static class CapacityRules
{
    private const string Path = "spec.capacity.fallback";

    public static void Check(ErrorList errors, CapacitySpec? capacity)
    {
        if (capacity?.Fallback is not { } fallback)
        {
            return;
        }

        var policies = fallback.Policies ?? [Defaults.FallbackPolicy];
        Policies(errors, policies, capacity.Preferred ?? Defaults.PreferredCapacity);

        if (policies.Contains(FallbackPolicy.AfterPreemptions) && fallback.AfterPreemptions is null)
        {
            errors.Add(Path + ".afterPreemptions", "the AfterPreemptions policy needs afterPreemptions");
        }

        errors.AtLeast(Path + ".afterPreemptions", fallback.AfterPreemptions, 1);

        if (policies.Contains(FallbackPolicy.AfterSpotWait) && fallback.SpotWait is null)
        {
            errors.Add(Path + ".spotWait", "the AfterSpotWait policy needs spotWait");
        }

        Checks.PositiveDuration(errors, Path + ".spotWait", fallback.SpotWait);

        if (policies.Contains(FallbackPolicy.Deadline) && fallback.Deadline is null)
        {
            errors.Add(Path + ".deadline", "the Deadline policy needs deadline");
        }

        Checks.PositiveDuration(errors, Path + ".expectedDuration", fallback.ExpectedDuration);
        Checks.PositiveDuration(errors, Path + ".changeoverDelay", fallback.ChangeoverDelay, allowZero: true);
    }

    private static void Policies(ErrorList errors, IList<FallbackPolicy> policies, CapacityType preferred)
    {
        if (policies.Count == 0)
        {
            errors.Add(Path + ".policies", "must name at least one policy (Never to stay on the preferred capacity)");
            return;
        }

        var seen = new HashSet<FallbackPolicy>();
        for (var i = 0; i < policies.Count; i++)
        {
            if (!seen.Add(policies[i]))
            {
                errors.Add($"{Path}.policies[{i}]", $"duplicate policy \"{policies[i]}\"");
            }
        }

        if (seen.Contains(FallbackPolicy.Never) && seen.Count > 1)
        {
            errors.Add(Path + ".policies", "Never cannot be combined with other policies");
        }
        else if (preferred == CapacityType.OnDemand && !seen.Contains(FallbackPolicy.Never))
        {
            errors.Add(Path + ".policies", "fallback triggers move a run from spot to on-demand, but spec.capacity.preferred is already OnDemand (use [Never])");
        }
    }
}
