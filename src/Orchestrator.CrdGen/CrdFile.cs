namespace Orchestrator.CrdGen;

/// <summary>Where the checked-in CRD lives.</summary>
public static class CrdFile
{
    public const string RelativePath = "crds/orchestrator.dev_trainingruns.yaml";

    /// <summary>The CRD path under the repository root, found by walking up from the working directory to Orchestrator.sln.</summary>
    public static string DefaultPath() => Path.Combine(RepoRoot(Directory.GetCurrentDirectory()), RelativePath);

    public static string RepoRoot(string start)
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
