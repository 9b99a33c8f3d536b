using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

internal static class QueueRules
{
    public static void Check(ErrorList errors, QueueNames? queues)
    {
        if (queues is null)
        {
            errors.Add("spec.queues", Messages.Required);
            return;
        }

        var spotValid = Name(errors, "spec.queues.spot", queues.Spot);
        var onDemandValid = Name(errors, "spec.queues.onDemand", queues.OnDemand);

        // One LocalQueue for both would let Kueue pick the flavor, and fallback could not pin on-demand nodes.
        if (spotValid && onDemandValid && queues.Spot == queues.OnDemand)
        {
            errors.Add("spec.queues.onDemand", $"must differ from spec.queues.spot (both are \"{queues.Spot}\"): each capacity type needs its own LocalQueue");
        }
    }

    private static bool Name(ErrorList errors, string path, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(path, Messages.Required);
            return false;
        }

        if (!Checks.IsDnsLabel(name))
        {
            errors.Add(path, Messages.DnsLabel);
            return false;
        }

        return true;
    }
}
