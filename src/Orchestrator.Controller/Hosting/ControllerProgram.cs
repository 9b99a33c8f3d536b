using k8s;
using Orchestrator.Controller.Metrics;
using Orchestrator.Controller.Reconciliation;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Kubernetes.Leader;
using Prometheus;

namespace Orchestrator.Controller.Hosting;

/// <summary>
/// The controller process: health and metrics endpoints, optional leader election, and the reconcile loop of
/// <see cref="RunController"/> while leading.
/// </summary>
public static class ControllerProgram
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        ControllerOptions options;
        try
        {
            options = ControllerOptions.Parse(args);
        }
        catch (ControllerUsageException e)
        {
            await Console.Error.WriteLineAsync($"orchestrator-controller: {e.Message}");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{options.MetricsAddress}:{options.MetricsPort}");
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        var app = builder.Build();
        var metrics = new ControllerMetrics(Prometheus.Metrics.DefaultRegistry);
        var ready = false;
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", () => ready ? Results.Text("ok") : Results.StatusCode(503));
        app.MapMetrics("/metrics");

        k8s.Kubernetes client;
        try
        {
            client = new k8s.Kubernetes(BuildConfig(options.Kubeconfig));
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or FileNotFoundException)
        {
            await Console.Error.WriteLineAsync($"orchestrator-controller: kubeconfig: {e.Message}");
            return 1;
        }

        var loggers = app.Services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("controller");
        var settings = ControllerConfigFile.Load(options.ConfigPath);
        Checkpoints.Storage.StoreSettings store;
        try
        {
            var env = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
            store = Checkpoints.Storage.StoreSettings.FromEnvironment(env);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"orchestrator-controller: storage settings: {e.Message}");
            return 2;
        }

        var runtime = new ControllerRuntime
        {
            Settings = settings,
            Loggers = loggers,
            Metrics = metrics,
            RetentionSweepInterval = options.RetentionSweepInterval,
            StoreSettings = store,
            Workers = options.Workers,
        };
        await app.StartAsync(ct);
        ready = true;
        using var controller = new RunController(client, runtime);
        try
        {
            if (!options.LeaderElect)
            {
                metrics.Leader.Set(1);
                await controller.RunAsync(ct);
                return 0;
            }

            var elector = new LeaderElector(client, new LeaderElectionOptions
            {
                Namespace = options.LeaderElectionNamespace ?? Environment.GetEnvironmentVariable("POD_NAMESPACE") ?? "default",
                LeaseName = options.LeaderElectionId,
                Identity = Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName + "-" + Environment.ProcessId,
            }, TimeProvider.System, loggers.CreateLogger("leader"));
            await elector.RunAsync(async leading =>
            {
                metrics.Leader.Set(1);
                logger.LogInformation("Leading: reconciling TrainingRuns");
                await controller.RunAsync(leading);
            }, ct);
            metrics.Leader.Set(0);
            return 0;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 0;
        }
        catch (UnsupportedKubernetesException e)
        {
            await Console.Error.WriteLineAsync($"orchestrator-controller: {e.Message}");
            return 1;
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static KubernetesClientConfiguration BuildConfig(string? kubeconfig) =>
        KubernetesClientFactory.Configuration(kubeconfig, context: null);
}
