using System.Text;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// A container's termination message, as the kubelet handles it: a fresh empty host file per container run stands for
/// the container's <c>terminationMessagePath</c> (default /dev/termination-log), and whatever the container wrote there,
/// up to 4096 bytes, becomes <c>state.terminated.message</c> whether it exited 0 or not.
/// </summary>
internal static class TerminationMessage
{
    public const string DefaultPath = "/dev/termination-log";

    /// <summary>The kubelet's limit for one container's message.</summary>
    public const int MaxBytes = 4096;

    /// <summary>Creates the empty file a run writes to.</summary>
    public static void Prepare(string hostFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(hostFile)!);
        File.WriteAllBytes(hostFile, []);
    }

    /// <summary>The message, or null when the container wrote none.</summary>
    public static string? Read(string hostFile)
    {
        try
        {
            using var stream = File.OpenRead(hostFile);
            var buffer = new byte[MaxBytes];
            var read = stream.ReadAtLeast(buffer, MaxBytes, throwOnEndOfStream: false);
            return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
