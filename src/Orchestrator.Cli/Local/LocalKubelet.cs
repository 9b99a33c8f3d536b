using System.Globalization;
using Orchestrator.Sandbox.Time;
using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Cli.Local;

/// <summary>
/// How the pods of a local sandbox (<c>trainctl sandbox</c>, <c>trainctl demo</c>) run on this machine as the
/// controller's pod template expects: the agent sidecar is this trainctl, the code an image would carry is the
/// clone (at <c>/workspace</c> and as the working folder, so the samples' <c>samples/trainer/train.py</c> resolves),
/// and in-pod clients reach the sandbox through its kubeconfig on the sandbox's (possibly scaled) clock.
/// </summary>
internal static class LocalKubelet
{
    public const string ImageCodeFolder = "/workspace";

    public static ProcessKubeletOptions Options(
        string podsRoot, string kubeconfig, ScaledTimeProvider clock, string codeRoot, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var trainctl = TrainctlBinary.Current();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["KUBECONFIG"] = kubeconfig,
            // The agent stamps checkpoints with the cluster's (scaled) clock, which the controller measures against.
            ["ORCH_CLOCK_START"] = clock.Start.ToString("o", CultureInfo.InvariantCulture),
            ["ORCH_CLOCK_SCALE"] = clock.Factor.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return new ProcessKubeletOptions
        {
            PodsRoot = podsRoot,
            CommandResolver = new CommandResolver().Map("trainctl", trainctl.DotnetHost, trainctl.Dll),
            ImageFiles = new Dictionary<string, string>(StringComparer.Ordinal) { [ImageCodeFolder] = codeRoot },
            ImageWorkingDirectory = codeRoot,
            Environment = environment,
        };
    }
}
