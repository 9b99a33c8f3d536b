using System.Security.Cryptography;
using System.Text.Json;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>The files shared with the trainer under <c>D/.orchestrator/</c>.</summary>
public sealed class TrainerFiles(string dir)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Dir => dir;

    public string ControlDir => Path.Combine(dir, ".orchestrator");

    public string SaveRequestPath => Path.Combine(ControlDir, "save-request");

    /// <summary>The trainer's last completed step (<see cref="TrainerStep"/>), rewritten after every step.</summary>
    public string StepPath => Path.Combine(ControlDir, "step");

    /// <summary>The trainer's progress (<see cref="TrainerProgress"/>), rewritten as it trains; optional.</summary>
    public string ProgressPath => Path.Combine(ControlDir, "progress.json");

    /// <summary>--no-kube only: the progress the agent reported (what the pod annotation would carry).</summary>
    public string ProgressReportedPath => Path.Combine(ControlDir, "progress-reported.json");

    public string RestoreInfoPath => Path.Combine(ControlDir, "restore.json");

    /// <summary>--no-kube only: the newest committed checkpoint (what the pod annotation would carry).</summary>
    public string LastCheckpointPath => Path.Combine(ControlDir, "last-checkpoint.json");

    /// <summary>--no-kube only: what the gang restored (what the pod annotation would carry).</summary>
    public string RestoredReportPath => Path.Combine(ControlDir, "restored.json");

    /// <summary>--no-kube only: the last save request answered.</summary>
    public string SaveCompletedPath => Path.Combine(ControlDir, "save-completed");

    public static void WriteJsonAtomically<T>(string path, T value) => WriteAtomically(path, JsonSerializer.SerializeToUtf8Bytes(value, Json));

    public static T? ReadJson<T>(string path)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllBytes(path), Json);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Temp file in the same folder, flushed, then renamed: a reader sees the old content or the new, never a part.</summary>
    public static void WriteAtomically(string path, byte[] content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = $"{path}.tmp-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4))}";
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }
}
