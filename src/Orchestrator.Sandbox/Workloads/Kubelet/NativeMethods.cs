using System.Runtime.InteropServices;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

internal static class NativeMethods
{
    public const int SigTerm = 15;

    // .NET has no API for SIGTERM (Process.Kill sends SIGKILL). DllImport rather than LibraryImport:
    // the source-generated stub would need AllowUnsafeBlocks for the whole project, for one blittable call.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Kill(int pid, int signal);
#pragma warning restore SYSLIB1054
}
