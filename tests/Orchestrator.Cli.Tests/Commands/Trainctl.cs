using k8s;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary>Runs trainctl in-process with captured stdout/stderr, as a user's shell would see them.</summary>
internal static class Trainctl
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static async Task<Result> RunAsync(Func<KubeTarget, IKubernetes>? clientFactory, TimeProvider? time, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var services = new CliServices
        {
            Console = new CliConsole(output, error),
            ClientFactory = clientFactory ?? KubeClientFactory.Create,
            Time = time ?? TimeProvider.System,
        };
        var code = await TrainctlApp.RunAsync(args, services);
        return new Result(code, output.ToString(), error.ToString());
    }

    public static Task<Result> RunAsync(params string[] args) => RunAsync(null, null, args);
}
