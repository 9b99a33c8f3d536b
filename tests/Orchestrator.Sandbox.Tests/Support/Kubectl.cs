using System.Diagnostics;
using System.Text;

namespace Orchestrator.Sandbox.Tests.Support;

/// <summary>
/// Runs the real kubectl against a kubeconfig, with a deadline, killing its process tree on the way out.
/// The binary is <c>$KUBECTL</c> when set, else the first <c>kubectl</c> on PATH (tests/run.sh checks one is there).
/// </summary>
internal sealed class Kubectl(string kubeconfig)
{
    public static string Binary { get; } = Find();
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public async Task<Result> RunAsync(params string[] args)
    {
        using var process = Start(args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        return new Result(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>A long-running kubectl (such as <c>get -w</c>) whose output is read as it comes.</summary>
    public Streaming StartStreaming(params string[] args) => new(Start(args));

    private Process Start(string[] args)
    {
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["KUBECONFIG"] = kubeconfig;
        return Process.Start(info) ?? throw new InvalidOperationException("kubectl did not start");
    }

    private static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("KUBECTL");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("kubectl is not on PATH (set KUBECTL to its path); tests/run.sh says how to install it");
    }

    internal sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    internal sealed class Streaming : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public Streaming(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) =>
            {
                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }
            };
            _process.ErrorDataReceived += (_, e) =>
            {
                lock (_output)
                {
                    _output.AppendLine(e.Data);
                }
            };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public async Task<string> WaitForAsync(Func<string, bool> condition)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (!condition(Output))
            {
                if (DateTime.UtcNow > deadline || _process.HasExited)
                {
                    throw new TimeoutException("kubectl output never matched; it was:\n" + Output);
                }

                await Task.Delay(50);
            }

            return Output;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }

            _process.Dispose();
        }
    }
}
