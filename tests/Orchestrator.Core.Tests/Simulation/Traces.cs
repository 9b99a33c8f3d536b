using Orchestrator.Core.Simulation;

namespace Orchestrator.Core.Tests.Simulation;

internal static class Traces
{
    /// <summary>A trace of one-hour ticks written as a string of 1s and 0s.</summary>
    public static SpotTrace Hourly(string ticks) =>
        SpotTraceParser.Parse($"{{\"metadata\":{{\"gap_seconds\":3600}},\"data\":[{string.Join(',', ticks.ToCharArray())}]}}");

    /// <summary>
    /// The bundled traces: <c>../shared/data/spot-traces</c> from the repository root (where CI puts them), or from a
    /// further ancestor when the checkout is a worktree nested one level deeper.
    /// </summary>
    public static string BundledFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        for (var root = directory!.Parent; root is not null; root = root.Parent)
        {
            var candidate = Path.Combine(root.FullName, "shared", "data", "spot-traces");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail($"no shared/data/spot-traces above {directory.FullName}");
        return "";
    }
}
