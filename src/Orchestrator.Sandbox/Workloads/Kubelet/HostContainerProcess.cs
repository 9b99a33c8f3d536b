using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// A container run as a local process; stdout and stderr go to the container's log file in the CRI format the
/// kubelet reads (<c>2026-12-02T13:05:15.123456789Z stdout F text</c>), stamped with the sandbox clock.
/// </summary>
internal sealed class HostContainerProcess : IContainerProcess
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logLock = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>How long an exited process's output may still be arriving (a child it left behind can hold the pipes open).</summary>
    private static readonly TimeSpan OutputDrainBound = TimeSpan.FromSeconds(5);

    private readonly TimeProvider _time;

    private HostContainerProcess(Process process, StreamWriter log, TimeProvider time)
    {
        _process = process;
        _log = log;
        _time = time;
    }

    public string ContainerId => $"sandbox://{_process.Id.ToString(CultureInfo.InvariantCulture)}";

    public Task<int> Exited => _exited.Task;

    public static HostContainerProcess Start(
        ResolvedCommand command, string workingDirectory, IReadOnlyDictionary<string, string> environment, bool inheritEnvironment, string logPath, TimeProvider time)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (!inheritEnvironment)
        {
            start.Environment.Clear();
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var container = new HostContainerProcess(process, log, time);
        process.OutputDataReceived += (_, e) => container.OnOutput(e.Data, "stdout", container._stdoutClosed);
        process.ErrorDataReceived += (_, e) => container.OnOutput(e.Data, "stderr", container._stderrClosed);
        process.Exited += (_, _) => _ = container.CompleteAsync();
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }

        // A container has no terminal: stdin is closed, as with `docker run` without -i.
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    public void Terminate()
    {
        if (!_exited.Task.IsCompleted)
        {
            _ = NativeMethods.Kill(_process.Id, NativeMethods.SigTerm);
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public void Dispose()
    {
        Kill();
        lock (_logLock)
        {
            _log.Dispose();
        }

        _process.Dispose();
    }

    // Process.Exited can be raised before the last lines of output have been delivered: the container counts as
    // exited (and its log as complete) only once both streams have ended, or after a short bound.
    private async Task CompleteAsync()
    {
        var drained = Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task);
        await Task.WhenAny(drained, Task.Delay(OutputDrainBound));
        _exited.TrySetResult(_process.ExitCode);
    }

    private void OnOutput(string? line, string stream, TaskCompletionSource closed)
    {
        if (line is null)
        {
            closed.TrySetResult();
            return;
        }

        WriteLog(CriLogLine.Format(_time.GetUtcNow(), stream, line));
    }

    private void WriteLog(string line)
    {
        lock (_logLock)
        {
            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after the container was cleaned up has nowhere to go.
            }
        }
    }
}
