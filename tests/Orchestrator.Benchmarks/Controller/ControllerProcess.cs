using System.Diagnostics;
using System.Globalization;
using Orchestrator.Sandbox;

namespace Orchestrator.Benchmarks.Controller;

/// <summary>
/// The real controller executable (Orchestrator.Controller.dll, copied next to the benchmark) as its own process,
/// against the sandbox's kubeconfig, with its metrics endpoint on loopback. Its memory is its own: read from
/// /proc and from its Prometheus endpoint.
/// </summary>
internal sealed class ControllerProcess : IDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly Task _pump;

    private ControllerProcess(Process process, int port, Task pump)
    {
        _process = process;
        _pump = pump;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Id => _process.Id;

    /// <summary>CPU time the controller process has used so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<ControllerProcess> StartAsync(string kubeconfig, string config, int workers, string logPath)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "Orchestrator.Controller.dll"),
                "--kubeconfig", kubeconfig, "--config", config,
                "--workers", workers.ToString(CultureInfo.InvariantCulture),
                "--metrics-address", "127.0.0.1", "--metrics-port", port.ToString(CultureInfo.InvariantCulture),
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the controller");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var pump = Task.WhenAll(CopyAsync(process.StandardOutput, log), CopyAsync(process.StandardError, log))
            .ContinueWith(_ => log.Dispose(), TaskScheduler.Default);
        var controller = new ControllerProcess(process, port, pump);

        // A benchmark stopped with Ctrl+C or SIGTERM must not leave the controller running.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => controller.Kill();
        Console.CancelKeyPress += (_, _) => controller.Kill();
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the controller exited with {process.ExitCode}; see {logPath}");
            }

            try
            {
                using var ready = await controller._http.GetAsync("readyz");
                if (ready.IsSuccessStatusCode)
                {
                    return controller;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                controller.Dispose();
                throw new TimeoutException($"the controller was not ready within 60 s; see {logPath}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>The controller's Prometheus samples: name with labels → value.</summary>
    public async Task<IReadOnlyDictionary<string, double>> ScrapeAsync()
    {
        var text = await _http.GetStringAsync("metrics");
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                samples[line[..space]] = value;
            }
        }

        return samples;
    }

    /// <summary>Resident set now and its peak so far, in bytes, from /proc/PID/status.</summary>
    public (long Resident, long Peak) Memory()
    {
        long rss = 0, hwm = 0;
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = Kilobytes(line);
            }
        }

        return (rss, hwm);
    }

    public void Dispose()
    {
        Kill();

        _pump.Wait(TimeSpan.FromSeconds(5));
        _process.Dispose();
        _http.Dispose();
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already disposed: nothing left to stop.
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;

    private static async Task CopyAsync(StreamReader from, StreamWriter to)
    {
        while (await from.ReadLineAsync() is { } line)
        {
            lock (to)
            {
                to.WriteLine(line);
            }
        }
    }
}
