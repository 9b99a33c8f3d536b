using Orchestrator.Cli.Local;

namespace Orchestrator.Cli.Demo;

/// <summary>Where the demo finds what it runs: the repository (samples/, crds/), after checking python3 is there for the trainer.</summary>
internal sealed record DemoPaths(string RepoRoot)
{
    public string QuickstartYaml => Path.Combine(RepoRoot, "samples", "quickstart.yaml");

    public string Crds => Path.Combine(RepoRoot, "crds");

    /// <summary>
    /// The repository is found by walking up to Orchestrator.sln from the working folder, then from trainctl's own
    /// folder (<c>dotnet run --project src/Orchestrator.Cli</c> builds it under the clone).
    /// </summary>
    public static DemoPaths Find(string workingDirectory)
    {
        var root = TrainctlBinary.FindRepoRoot(workingDirectory)
            ?? throw new CliException(ExitCodes.NotFound, $"demo: no Orchestrator.sln above {workingDirectory} or {AppContext.BaseDirectory}; run it from a clone: dotnet run --project src/Orchestrator.Cli -- demo");
        foreach (var needed in new[] { Path.Combine("samples", "quickstart.yaml"), Path.Combine("samples", "trainer", "train.py"), "crds" })
        {
            if (!Path.Exists(Path.Combine(root, needed)))
            {
                throw new CliException(ExitCodes.NotFound, $"demo: {Path.Combine(root, needed)} is missing; the clone at {root} is incomplete");
            }
        }

        if (TrainctlBinary.FindOnPath("python3") is null)
        {
            throw new CliException(ExitCodes.NotFound, "demo: python3 is not on PATH; the sample trainer (samples/trainer/train.py) needs it");
        }

        return new DemoPaths(root);
    }
}
