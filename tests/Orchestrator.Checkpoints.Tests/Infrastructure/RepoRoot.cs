namespace Orchestrator.Checkpoints.Tests.Infrastructure;

internal static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string NodeBin(string tool) =>
        System.IO.Path.Combine(Path, "tests", "storage-servers", "node_modules", ".bin", tool);

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Orchestrator.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Orchestrator.sln not found above " + AppContext.BaseDirectory);
    }
}
