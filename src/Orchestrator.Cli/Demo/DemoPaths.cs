namespace Orchestrator.Cli.Demo;

/// <summary>Where the demo finds what it runs: the repository (samples/, crds/), trainctl itself (the in-pod agent), python3.</summary>
internal sealed record DemoPaths(string RepoRoot, string TrainctlDll, string DotnetHost)
{
    public string QuickstartYaml => Path.Combine(RepoRoot, "samples", "quickstart.yaml");

    public string Crds => Path.Combine(RepoRoot, "crds");

    /// <summary>
    /// The repository is found by walking up to Orchestrator.sln from the working folder, then from trainctl's own
    /// folder (<c>dotnet run --project src/Orchestrator.Cli</c> builds it under the clone).
    /// </summary>
    public static DemoPaths Find(string workingDirectory)
    {
        var dll = typeof(DemoPaths).Assembly.Location;
        var root = FindRoot(workingDirectory) ?? FindRoot(AppContext.BaseDirectory)
            ?? throw new CliException(ExitCodes.NotFound, $"demo: no Orchestrator.sln above {workingDirectory} or {AppContext.BaseDirectory}; run it from a clone: dotnet run --project src/Orchestrator.Cli -- demo");
        foreach (var needed in new[] { Path.Combine("samples", "quickstart.yaml"), Path.Combine("samples", "trainer", "train.py"), "crds" })
        {
            if (!Path.Exists(Path.Combine(root, needed)))
            {
                throw new CliException(ExitCodes.NotFound, $"demo: {Path.Combine(root, needed)} is missing; the clone at {root} is incomplete");
            }
        }

        if (FindOnPath("python3") is null)
        {
            throw new CliException(ExitCodes.NotFound, "demo: python3 is not on PATH; the sample trainer (samples/trainer/train.py) needs it");
        }

        // dotnet run and dotnet test name the host that runs them; otherwise the SDK's dotnet is on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : FindOnPath("dotnet") ?? "dotnet";
        return new DemoPaths(root, dll, host);
    }

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

    private static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .FirstOrDefault(File.Exists);
}
