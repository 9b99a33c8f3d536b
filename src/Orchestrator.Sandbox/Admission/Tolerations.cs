using k8s.Models;

namespace Orchestrator.Sandbox.Admission;

internal static class Tolerations
{
    public static bool Tolerates(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        (tolerations ?? []).Any(t => Tolerates(t, taint));

    private static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (string.IsNullOrEmpty(toleration.Key))
        {
            return toleration.OperatorProperty == "Exists";
        }

        return toleration.Key == taint.Key
            && (toleration.OperatorProperty == "Exists" || (toleration.Value ?? "") == (taint.Value ?? ""));
    }
}
