using k8s.Models;

namespace Orchestrator.Sandbox.Workloads;

internal static class PodConditions
{
    /// <summary>Sets a pod condition and reports whether anything changed; <c>lastTransitionTime</c> moves only on a flip.</summary>
    public static bool Set(V1PodStatus status, string type, bool value, string? reason, string? message, DateTime now)
    {
        status.Conditions ??= [];
        var text = value ? "True" : "False";
        var existing = status.Conditions.FirstOrDefault(c => c.Type == type);
        if (existing is null)
        {
            status.Conditions.Add(new V1PodCondition { Type = type, Status = text, Reason = reason, Message = message, LastTransitionTime = now });
            return true;
        }

        if (existing.Status == text && existing.Reason == reason && existing.Message == message)
        {
            return false;
        }

        if (existing.Status != text)
        {
            existing.LastTransitionTime = now;
        }

        existing.Status = text;
        existing.Reason = reason;
        existing.Message = message;
        return true;
    }
}
