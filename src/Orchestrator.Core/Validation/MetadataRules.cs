using k8s.Models;

namespace Orchestrator.Core.Validation;

/// <summary>The run's name becomes part of every attempt's Job name and labels.</summary>
internal static class MetadataRules
{
    /// <summary>63 (a label value, which a Job's name becomes) minus "-" and up to 10 attempt digits.</summary>
    public const int MaxNameLength = 52;

    public static void Check(ErrorList errors, V1ObjectMeta? metadata)
    {
        var name = metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("metadata.name", Messages.Required);
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("metadata.name", $"must be at most {MaxNameLength} characters (got {name.Length}) so the attempt Job name <name>-<attempt> fits in 63");
        }
        else if (!Checks.IsDnsLabel(name))
        {
            errors.Add("metadata.name", "must be a DNS label (lower-case letters, digits and '-') because attempt Jobs and labels are named after it");
        }
    }
}
