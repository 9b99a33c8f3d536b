using System.Runtime.CompilerServices;

namespace Orchestrator.Cli.Tests.Golden;

/// <summary>
/// Compares output with a checked-in file next to this one. Run with UPDATE_GOLDEN=1 to rewrite the
/// files after an intended change, then review the diff like any other change.
/// </summary>
internal static class GoldenFile
{
    public static void Assert(string name, string actual, [CallerFilePath] string callerPath = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerPath)!, "..", "Golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Xunit.Assert.True(File.Exists(path), $"golden file {path} is missing; run the test with UPDATE_GOLDEN=1 to create it");
        Xunit.Assert.Equal(File.ReadAllText(path), actual);
    }
}
