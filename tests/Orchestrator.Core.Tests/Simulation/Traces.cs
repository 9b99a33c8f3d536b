using Orchestrator.Core.Simulation;

namespace Orchestrator.Core.Tests.Simulation;

internal static class Traces
{
    /// <summary>A trace of one-hour ticks written as a string of 1s and 0s.</summary>
    public static SpotTrace Hourly(string ticks) =>
        SpotTraceParser.Parse($"{{\"metadata\":{{\"gap_seconds\":3600}},\"data\":[{string.Join(',', ticks.ToCharArray())}]}}");

    /// <summary>The bundled traces: <c>samples/spot-traces</c> in the repository (found by walking up to Orchestrator.sln).</summary>
    public static string BundledFolder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Orchestrator.sln")))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var folder = Path.Combine(directory!.FullName, "samples", "spot-traces");
        Assert.True(Directory.Exists(folder), $"the bundled traces are missing: {folder}");
        return folder;
    }
}
