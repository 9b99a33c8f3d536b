using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

internal static class WorkloadConditions
{
    public static V1Condition? Find(Workload workload, string type) =>
        workload.Status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(Workload workload, string type) => Find(workload, type)?.Status == "True";

    /// <summary>Sets a condition; the transition time moves only when the status flips. Returns whether anything changed.</summary>
    public static bool Set(List<V1Condition> conditions, string type, bool status, string reason, string message, DateTimeOffset now, long? generation)
    {
        var value = status ? "True" : "False";
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = value,
                Reason = reason,
                Message = message,
                LastTransitionTime = now.UtcDateTime,
                ObservedGeneration = generation,
            });
            return true;
        }

        if (existing.Status == value && existing.Reason == reason && existing.Message == message)
        {
            return false;
        }

        if (existing.Status != value)
        {
            existing.LastTransitionTime = now.UtcDateTime;
        }

        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = generation;
        return true;
    }
}
