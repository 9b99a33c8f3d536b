using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Jobs;

internal static class JobConditions
{
    public const string Complete = "Complete";
    public const string Failed = "Failed";
    public const string Suspended = "Suspended";

    public static bool IsTrue(V1JobStatus? status, string type) =>
        status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    /// <summary>Sets a condition; <c>lastTransitionTime</c> moves only when the status flips.</summary>
    public static void Set(V1JobStatus status, string type, bool value, string reason, string message, DateTime now)
    {
        status.Conditions ??= [];
        var text = value ? "True" : "False";
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            status.Conditions.Add(new V1JobCondition
            {
                Type = type,
                Status = text,
                Reason = reason,
                Message = message,
                LastProbeTime = now,
                LastTransitionTime = now,
            });
            return;
        }

        if (existing.Status != text)
        {
            existing.LastTransitionTime = now;
            existing.LastProbeTime = now;
        }

        existing.Status = text;
        existing.Reason = reason;
        existing.Message = message;
    }
}
