using System.Diagnostics;
using System.Globalization;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>samples/trainer/train.py as a child process; follows its progress lines. Killed on Dispose.</summary>
internal sealed class TrainerProcess : IDisposable
{
    private readonly Process _process;
    private long _lastStep;
    private long _terminatedAfter = -1;
    private long _heldAt = -1;

    public TrainerProcess(string dir, string result, params string[] extra)
        : this(dir, result, null, extra)
    {
    }

    /// <summary>With <c>environment</c> set on top of the test's: the ORCH_* variables a pod would get.</summary>
    public TrainerProcess(string dir, string result, IReadOnlyDictionary<string, string>? environment, params string[] extra)
    {
        var start = new ProcessStartInfo("python3") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (environment is not null)
        {
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
        }

        start.ArgumentList.Add(Path.Combine(RepoRoot.Path, "samples", "trainer", "train.py"));
        foreach (var a in (string[])["--dir", dir, "--result", result, .. extra])
        {
            start.ArgumentList.Add(a);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Observe(e.Data);
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Errors.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public long LastStep => Interlocked.Read(ref _lastStep);

    /// <summary>The step after which it saved and exited on SIGTERM, or -1.</summary>
    public long TerminatedAfter => Interlocked.Read(ref _terminatedAfter);

    /// <summary>The step after which it last paused for a hold (a gang agreeing on a save step), or -1.</summary>
    public long HeldAt => Interlocked.Read(ref _heldAt);

    /// <summary>Every line the trainer printed.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

    public bool HasExited => _process.HasExited;

    public List<string> Errors { get; } = [];

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", ["-s", signal, _process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }

    private void Observe(string? line)
    {
        if (line is null)
        {
            return;
        }

        Lines.Enqueue(line);
        var parts = line.Split(' ');
        if (parts is ["step", var n] && long.TryParse(n, CultureInfo.InvariantCulture, out var step))
        {
            Interlocked.Exchange(ref _lastStep, step);
        }
        else if (parts is ["holding", "after", "step", var h, ..] && long.TryParse(h, CultureInfo.InvariantCulture, out var held))
        {
            Interlocked.Exchange(ref _heldAt, held);
        }
        else if (parts is ["terminated", "after", "step", var t] && long.TryParse(t, CultureInfo.InvariantCulture, out var after))
        {
            Interlocked.Exchange(ref _terminatedAfter, after);
        }
    }
}
