using System.Diagnostics;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Install;

/// <summary>
/// trainctl installs like a tool: <c>dotnet pack</c> makes a .NET tool package, <c>dotnet tool install</c> puts it in a
/// tool path, and the installed command runs, also as a kubectl plugin through a <c>kubectl-trainctl</c> link on PATH.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(10);
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-tool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Packs_installs_into_a_tool_path_and_runs_as_trainctl_and_as_kubectl_trainctl()
    {
        var packages = Path.Combine(_dir, "packages");
        var tools = Path.Combine(_dir, "tools");
        // The project was built for this test run in this test's configuration; pack what was built.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

        var pack = await RunAsync("dotnet", ["pack", Path.Combine(Repo.Root, "src", "Orchestrator.Cli"), "-c", configuration, "--no-build", "-o", packages, "-nologo"]);
        Assert.True(pack.Code == 0, pack.ToString());
        var package = Assert.Single(Directory.GetFiles(packages, "Orchestrator.Trainctl.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["Orchestrator.Trainctl.".Length..];

        var install = await RunAsync("dotnet", ["tool", "install", "Orchestrator.Trainctl", "--version", version, "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources"]);
        Assert.True(install.Code == 0, install.ToString());

        var trainctl = Path.Combine(tools, "trainctl");
        var direct = await RunAsync(trainctl, ["--version"]);
        Assert.True(direct.Code == 0, direct.ToString());
        Assert.Equal(version, direct.Out.Trim());

        File.CreateSymbolicLink(Path.Combine(tools, "kubectl-trainctl"), trainctl);
        var plugin = await RunAsync("kubectl", ["trainctl", "--version"], path: tools);
        Assert.True(plugin.Code == 0, plugin.ToString());
        Assert.Equal(version, plugin.Out.Trim());
    }

    private sealed record Result(int Code, string Out, string Error)
    {
        public override string ToString() => $"exit {Code}\n--- stdout\n{Out}\n--- stderr\n{Error}";
    }

    private async Task<Result> RunAsync(string file, string[] args, string? path = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = _dir };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // A kubectl plugin is found on PATH; no kubeconfig is needed to print a version.
        if (path is not null)
        {
            info.Environment["PATH"] = path + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        }

        info.Environment["KUBECONFIG"] = Path.Combine(_dir, "no-kubeconfig");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
