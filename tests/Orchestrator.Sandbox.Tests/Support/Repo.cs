namespace Orchestrator.Sandbox.Tests.Support;

/// <summary>Paths inside the repository, found by walking up to Orchestrator.sln.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Crds => Path.Combine(Root, "crds");

    public static string Samples => Path.Combine(Root, "samples");

    public static string TestData(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", name);

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
