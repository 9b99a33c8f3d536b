using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

internal static class SpecRules
{
    public static void Check(ErrorList errors, TrainingRunSpec? spec)
    {
        if (spec is null)
        {
            errors.Add("spec", Messages.Required);
            return;
        }

        errors.AtLeast("spec.workers", spec.Workers, 1);
        PodTemplateRules.Check(errors, spec.Template);
        DistributedRules.Check(errors, spec.Distributed);
        QueueRules.Check(errors, spec.Queues);
        CapacityRules.Check(errors, spec.Capacity);
        CheckpointRules.Check(errors, spec.Checkpoint);
        errors.AtLeast("spec.maxAppFailures", spec.MaxAppFailures, 0);
        PricingRules.Check(errors, spec.Pricing);
    }
}
