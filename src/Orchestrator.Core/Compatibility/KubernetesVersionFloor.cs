using System.Globalization;

namespace Orchestrator.Core.Compatibility;

/// <summary>
/// The oldest Kubernetes the controller runs against, and why (docs/install.md, "Requirements"). What sets it: the
/// agent is a native sidecar (an init container with <c>restartPolicy: Always</c>: SidecarContainers, beta and on by
/// default in 1.29, GA in 1.33). Older servers drop that field without an error, so the agent would run as an
/// ordinary init container that never exits and the trainer would never start. Everything else the Job builder uses
/// is older: Indexed Jobs and <c>suspend</c> (GA 1.24), <c>podFailurePolicy</c> with the <c>DisruptionTarget</c>
/// condition (beta and on by default in 1.26, GA 1.31). It uses none of <c>podReplacementPolicy</c> (GA 1.34),
/// <c>backoffLimitPerIndex</c> (GA 1.33) or <c>managedBy</c> (beta 1.32).
/// </summary>
public static class KubernetesVersionFloor
{
    public const int Major = 1;
    public const int Minor = 29;

    /// <summary>
    /// Null when the server is new enough; otherwise the message to stop with. <paramref name="minor"/> may carry a
    /// provider's suffix (EKS and GKE report "29+"); a version that cannot be read is refused, since guessing wrong
    /// loses work.
    /// </summary>
    public static string? Refusal(string? major, string? minor, string? gitVersion)
    {
        var shown = string.IsNullOrEmpty(gitVersion) ? $"{major}.{minor}" : gitVersion;
        if (!TryNumber(major, out var ma) || !TryNumber(minor, out var mi))
        {
            return $"cannot read the Kubernetes version the API server reports (/version: major \"{major}\", minor \"{minor}\"); Orchestrator needs {Major}.{Minor} or newer.";
        }

        if (ma > Major || (ma == Major && mi >= Minor))
        {
            return null;
        }

        return $"the API server runs Kubernetes {shown}, but Orchestrator needs {Major}.{Minor} or newer: the checkpoint agent is a native sidecar " +
               "(an init container with restartPolicy: Always, on by default since 1.29), which older servers silently turn into an init " +
               "container that never exits, so no trainer would ever start. Upgrade the cluster (docs/install.md, Requirements).";
    }

    private static bool TryNumber(string? text, out int value)
    {
        var digits = new string((text ?? "").TakeWhile(char.IsAsciiDigit).ToArray());
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }
}
