using System.Text.RegularExpressions;

namespace Orchestrator.Charts.Tests.Docker;

/// <summary>The instructions of a Dockerfile, by stage; enough to replay its build stage without Docker.</summary>
internal sealed partial class Dockerfile(IReadOnlyList<DockerInstruction> instructions, IReadOnlySet<string> ignoredFolderNames)
{
    public IReadOnlyList<DockerInstruction> Instructions { get; } = instructions;

    /// <summary>Folder names excluded at any depth by the Dockerfile's own .dockerignore (<c>**/name/</c>).</summary>
    public IReadOnlySet<string> IgnoredFolderNames { get; } = ignoredFolderNames;

    public static Dockerfile Load(string path)
    {
        var instructions = new List<DockerInstruction>();
        var stage = -1;
        var lines = File.ReadAllLines(path);
        for (var i = 0; i < lines.Length; i++)
        {
            var start = i;
            var text = lines[i].Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            while (text.EndsWith('\\') && i + 1 < lines.Length)
            {
                text = text[..^1].TrimEnd() + " " + lines[++i].Trim();
            }

            var match = InstructionPattern().Match(text);
            var keyword = match.Groups[1].Value.ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new DockerInstruction(stage, start + 1, keyword, match.Groups[2].Value.Trim()));
        }

        var ignoreFile = path + ".dockerignore";
        var ignored = File.Exists(ignoreFile)
            ? File.ReadAllLines(ignoreFile).Select(l => l.Trim()).Where(l => l.StartsWith("**/", StringComparison.Ordinal) && l.EndsWith('/')).Select(l => l[3..^1]).ToHashSet(StringComparer.Ordinal)
            : [];
        return new Dockerfile(instructions, ignored);
    }

    public IEnumerable<DockerInstruction> InStage(int stage, string keyword) =>
        Instructions.Where(i => i.Stage == stage && i.Keyword == keyword);

    public int StageCount => Instructions.Count(i => i.Keyword == "FROM");

    [GeneratedRegex(@"^(\w+)\s+(.*)$")]
    private static partial Regex InstructionPattern();
}
