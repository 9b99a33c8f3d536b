using k8s.Models;

namespace Orchestrator.Core.Validation;

/// <summary>The parts of the worker pod template the controller relies on; the API server validates the rest when the Job is created.</summary>
internal static class PodTemplateRules
{
    private const string Path = "spec.template.spec";
    private const string Gpu = "nvidia.com/gpu";
    private const int MaxContainers = 32;

    /// <summary>Every variable the controller injects starts with it (see Orchestrator.Api.EnvVars).</summary>
    private const string ReservedEnvPrefix = "ORCH_";

    public static void Check(ErrorList errors, V1PodTemplateSpec? template)
    {
        if (template is null)
        {
            errors.Add("spec.template", Messages.Required);
            return;
        }

        var containers = template.Spec?.Containers;
        if (containers is null || containers.Count == 0)
        {
            errors.Add(Path + ".containers", "must have at least one container");
            return;
        }

        if (containers.Count > MaxContainers)
        {
            errors.Add(Path + ".containers", $"must have at most {MaxContainers} containers (got {containers.Count})");
        }

        if (template.Spec!.RestartPolicy is { } restartPolicy && restartPolicy != "Never")
        {
            errors.Add(Path + ".restartPolicy", $"must be Never or unset, not {restartPolicy}: the controller retries failed attempts itself");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < containers.Count; i++)
        {
            Container(errors, $"{Path}.containers[{i}]", containers[i], names);
        }
    }

    private static void Container(ErrorList errors, string path, V1Container container, HashSet<string> names)
    {
        if (string.IsNullOrEmpty(container.Name))
        {
            errors.Add(path + ".name", Messages.Required);
        }
        else if (!Checks.IsDnsLabel(container.Name))
        {
            errors.Add(path + ".name", Messages.DnsLabel);
        }
        else if (!names.Add(container.Name))
        {
            errors.Add(path + ".name", $"duplicate container name \"{container.Name}\"");
        }

        if (string.IsNullOrEmpty(container.Image))
        {
            errors.Add(path + ".image", Messages.Required);
        }

        Gpus(errors, path + ".resources", container.Resources);

        var env = container.Env ?? [];
        for (var j = 0; j < env.Count; j++)
        {
            if (env[j].Name?.StartsWith(ReservedEnvPrefix, StringComparison.Ordinal) == true)
            {
                errors.Add($"{path}.env[{j}].name", $"{env[j].Name} is reserved: the controller sets the {ReservedEnvPrefix}* variables");
            }
        }
    }

    private static void Gpus(ErrorList errors, string path, V1ResourceRequirements? resources)
    {
        var request = resources?.Requests?.TryGetValue(Gpu, out var r) == true ? r : null;
        var limit = resources?.Limits?.TryGetValue(Gpu, out var l) == true ? l : null;
        if (request is not null && (limit is null || request.ToDecimal() != limit.ToDecimal()))
        {
            errors.Add(path + ".limits", $"{Messages.Gpu} (requests {request}, limits {limit?.ToString() ?? "none"})");
            return;
        }

        var count = limit ?? request;
        if (count is not null && (count.ToDecimal() % 1 != 0 || count.ToDecimal() < 0))
        {
            errors.Add($"{path}.limits[{Gpu}]", $"must be a whole number of GPUs (got {count})");
        }
    }
}
