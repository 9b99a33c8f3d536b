namespace Orchestrator.Cli.Tests.Support;

/// <summary>Paths inside the repository, found by walking up to Orchestrator.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Sample(string name) => Path.Combine(Root, "samples", name);

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
