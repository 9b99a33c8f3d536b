namespace Orchestrator.Cli.Local;

/// <summary>How to start this very trainctl again: the sandbox's pods run it as their checkpoint agent (<c>trainctl agent ...</c>).</summary>
internal sealed record TrainctlBinary(string DotnetHost, string Dll)
{
    public static TrainctlBinary Current()
    {
        // dotnet run and dotnet test name the host that runs them; otherwise the SDK's dotnet is on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : FindOnPath("dotnet") ?? "dotnet";
        return new TrainctlBinary(host, typeof(TrainctlBinary).Assembly.Location);
    }

    public static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);

    /// <summary>The clone this trainctl runs from: Orchestrator.sln above the working folder, else above trainctl's own folder.</summary>
    public static string? FindRepoRoot(string workingDirectory) => FindRoot(workingDirectory) ?? FindRoot(AppContext.BaseDirectory);

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
