namespace Orchestrator.Charts.Tests;

/// <summary>Files of the repository the chart tests read, found by walking up to Orchestrator.sln.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot(AppContext.BaseDirectory);

    public static string Chart => Path.Combine(Root, "charts", "orchestrator");

    public static string ChartCrds => Path.Combine(Chart, "templates", "crd");

    public static string Crds => Path.Combine(Root, "crds");

    public static string Docs => Path.Combine(Root, "docs");

    public static string Dockerfile => Path.Combine(Root, "src", "Orchestrator.Controller", "Dockerfile");

    private static string FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Orchestrator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Orchestrator.sln above {start}");
    }
}
