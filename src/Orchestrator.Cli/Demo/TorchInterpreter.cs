using System.Diagnostics;

namespace Orchestrator.Cli.Demo;

/// <summary>Finds a Python interpreter that can import torch, for <c>trainctl demo --trainer pytorch</c>.</summary>
internal static class TorchInterpreter
{
    /// <summary>Debian's python3-torch installs for /usr/bin/python3; a python3 first on PATH may be another interpreter.</summary>
    private static readonly string[] Candidates = ["python3", "/usr/bin/python3"];

    /// <summary>
    /// The interpreter's real path (symlinks followed: the sandbox runs a command named python3 as the python3 on
    /// PATH, so the pod must name the interpreter by its own file name), or an error that says what to install.
    /// </summary>
    public static string Find()
    {
        foreach (var candidate in Candidates)
        {
            var path = Path.IsPathRooted(candidate) ? candidate : Local.TrainctlBinary.FindOnPath(candidate);
            if (path is null || !File.Exists(path) || !CanImportTorch(path))
            {
                continue;
            }

            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }

        throw new CliException(ExitCodes.NotFound,
            "demo --trainer pytorch: no python3 here can import torch; install it (Debian: sudo apt-get install -y python3-torch) or run the plain demo");
    }

    private static bool CanImportTorch(string python)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(python) { ArgumentList = { "-c", "import torch" }, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false });
            if (process is null)
            {
                return false;
            }

            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
