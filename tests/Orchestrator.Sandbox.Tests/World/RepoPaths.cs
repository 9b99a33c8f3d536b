namespace Orchestrator.Sandbox.Tests.World;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The spot traces bundled with the repository (samples/spot-traces).</summary>
    public static string SpotTraces => Path.Combine(Root, "samples", "spot-traces");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }
}
