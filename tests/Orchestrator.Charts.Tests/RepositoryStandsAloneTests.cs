namespace Orchestrator.Charts.Tests;

/// <summary>
/// A user's clone has nothing beside it: no file of the project may point outside the repository at the
/// data folder our development machines happen to have next to it (issue 11: two tests and the docs did).
/// </summary>
public sealed class RepositoryStandsAloneTests
{
    // Spelled in pieces so that this file does not match itself.
    private static readonly string[] OutsideReferences = [".." + "/shared", "shared" + "/data", @"..\" + "shared"];

    private static readonly HashSet<string> SkippedFolders = ["bin", "obj", "node_modules", "artifacts", "TestResults", ".git", "BenchmarkDotNet.Artifacts", "__pycache__"];

    private static readonly HashSet<string> TextExtensions =
        [".cs", ".csproj", ".props", ".targets", ".sln", ".md", ".sh", ".py", ".yaml", ".yml", ".json", ".txt", ".tpl", ".toml", ".cfg", ".editorconfig", ".gitignore", ""];

    [Fact]
    public void No_file_refers_to_a_folder_beside_the_repository()
    {
        var offenders = ProjectFiles()
            .SelectMany(file => File.ReadLines(file)
                .Select((line, index) => (line, number: index + 1))
                .Where(l => OutsideReferences.Any(r => l.line.Contains(r, StringComparison.Ordinal)))
                .Select(l => $"{Path.GetRelativePath(RepoPaths.Root, file)}:{l.number}: {l.line.Trim()}"))
            .ToList();

        Assert.True(offenders.Count == 0, "files that point outside the repository:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void The_spot_traces_the_docs_and_tests_use_are_in_the_repository()
    {
        var traces = Path.Combine(RepoPaths.Root, "samples", "spot-traces");
        Assert.True(File.Exists(Path.Combine(traces, "README.md")), "samples/spot-traces/README.md (source, licence, format) is missing");
        Assert.Equal(14, Directory.EnumerateFiles(traces, "*.json", SearchOption.AllDirectories).Count());
    }

    private static IEnumerable<string> ProjectFiles()
    {
        var pending = new Stack<string>([RepoPaths.Root]);
        while (pending.Count > 0)
        {
            var directory = pending.Pop();
            foreach (var sub in Directory.EnumerateDirectories(directory))
            {
                if (!SkippedFolders.Contains(Path.GetFileName(sub)))
                {
                    pending.Push(sub);
                }
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                // The traces themselves are data (megabytes of 0s and 1s), not references.
                var isTrace = file.EndsWith(".json", StringComparison.Ordinal) && file.Contains("spot-traces", StringComparison.Ordinal);
                if (TextExtensions.Contains(Path.GetExtension(file)) && !isTrace)
                {
                    yield return file;
                }
            }
        }
    }
}
