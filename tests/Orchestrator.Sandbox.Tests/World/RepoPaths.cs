namespace Orchestrator.Sandbox.Tests.World;

internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>
    /// ../shared/data relative to the repository root, where CI puts it; from a git worktree nested
    /// deeper, the nearest ancestor holding shared/data.
    /// </summary>
    public static string SharedData { get; } = FindSharedData();

    private static string FindSharedData()
    {
        for (var dir = new DirectoryInfo(Root).Parent; dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("shared/data not found above " + Root);
    }

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
