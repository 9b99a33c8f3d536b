using System.Globalization;
using k8s.Models;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// What a simulated container does, from its args (<c>key=value</c> words, which win) or the pod's
/// annotations: <c>duration</c> seconds of (scaled) time to run (<c>inf</c>: until stopped; default 0),
/// <c>exit</c> code to end with (default 0), and <c>sigterm</c>: <c>exit</c> (end at once with 143,
/// the default) or <c>ignore</c> (only SIGKILL stops it). A native sidecar (an init container with
/// <c>restartPolicy: Always</c>) takes only its own args and runs until stopped by default: the pod's
/// annotations script the main containers, and a sidecar that ended on its own would only be restarted.
/// </summary>
internal sealed record SimulatedBehaviour(TimeSpan? Duration, int ExitCode, bool IgnoreSigterm)
{
    public const string DurationAnnotation = "sandbox.orchestrator.dev/simulated-duration-seconds";
    public const string ExitCodeAnnotation = "sandbox.orchestrator.dev/simulated-exit-code";
    public const string SigtermAnnotation = "sandbox.orchestrator.dev/simulated-sigterm";

    public static SimulatedBehaviour Parse(V1Pod pod, IEnumerable<string> args, bool sidecar = false)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (sidecar)
        {
            settings["duration"] = "inf";
        }

        var annotations = sidecar ? new Dictionary<string, string>() : pod.Metadata.Annotations ?? new Dictionary<string, string>();
        if (annotations.TryGetValue(DurationAnnotation, out var duration))
        {
            settings["duration"] = duration;
        }

        if (annotations.TryGetValue(ExitCodeAnnotation, out var exit))
        {
            settings["exit"] = exit;
        }

        if (annotations.TryGetValue(SigtermAnnotation, out var sigterm))
        {
            settings["sigterm"] = sigterm;
        }

        foreach (var arg in args)
        {
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                settings[arg[..equals].TrimStart('-')] = arg[(equals + 1)..];
            }
        }

        return new SimulatedBehaviour(
            settings.TryGetValue("duration", out var d) ? ParseDuration(d) : TimeSpan.Zero,
            settings.TryGetValue("exit", out var e) ? int.Parse(e, NumberStyles.Integer, CultureInfo.InvariantCulture) : 0,
            settings.TryGetValue("sigterm", out var s) && s == "ignore");
    }

    private static TimeSpan? ParseDuration(string text) =>
        text is "inf" or "forever"
            ? null
            : TimeSpan.FromSeconds(double.Parse(text.TrimEnd('s'), NumberStyles.Float, CultureInfo.InvariantCulture));
}
