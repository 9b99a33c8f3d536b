using k8s.Models;

namespace Orchestrator.Core.Reconcile;

/// <summary>Condition helpers in the style of apimachinery's meta.SetStatusCondition.</summary>
public static class Conditions
{
    /// <summary>
    /// Sets a condition; lastTransitionTime moves only when the status flips. Returns true when the
    /// status flipped (or the condition is new), which is when an Event is worth publishing.
    /// </summary>
    public static bool Set(IList<V1Condition> conditions, string type, bool status, string reason, string message, long? generation, DateTimeOffset now)
    {
        var value = status ? "True" : "False";
        var existing = conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            conditions.Add(new V1Condition { LastTransitionTime = now.UtcDateTime, Message = message, Reason = reason, Status = value, Type = type, ObservedGeneration = generation });
            return true;
        }

        var flipped = existing.Status != value;
        if (flipped)
        {
            existing.LastTransitionTime = now.UtcDateTime;
        }

        existing.Status = value;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = generation;
        return flipped;
    }

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.Any(c => c.Type == type && c.Status == "True") == true;
}
