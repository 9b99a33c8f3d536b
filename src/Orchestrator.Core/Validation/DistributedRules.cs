using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

internal static class DistributedRules
{
    public static void Check(ErrorList errors, DistributedSpec? distributed)
    {
        if (distributed is null)
        {
            return;
        }

        errors.AtLeast("spec.distributed.masterPort", distributed.MasterPort, 1);
        if (distributed.MasterPort > 65535)
        {
            errors.Add("spec.distributed.masterPort", "must be at most 65535");
        }

        errors.AtLeast("spec.distributed.processesPerWorker", distributed.ProcessesPerWorker, 1);
    }
}
