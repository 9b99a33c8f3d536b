using k8s;
using k8s.Exceptions;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Cli.Kube;

/// <summary>Builds a KubernetesClient from kubectl-style flags, turning configuration mistakes into one-line errors.</summary>
public static class KubeClientFactory
{
    public static IKubernetes Create(KubeTarget target) => new k8s.Kubernetes(BuildConfig(target));

    public static KubernetesClientConfiguration BuildConfig(KubeTarget target)
    {
        var path = ResolveKubeconfigPath(target.Kubeconfig);
        if (path is null)
        {
            if (KubernetesClientConfiguration.IsInCluster())
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }

            throw new CliException(ExitCodes.Config, "no kubeconfig: pass --kubeconfig, set KUBECONFIG, or create ~/.kube/config");
        }

        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.Config, $"kubeconfig {path}: file not found");
        }

        try
        {
            return KubeconfigFile.Configuration(path, target.Context);
        }
        catch (KubeConfigException e)
        {
            throw new CliException(ExitCodes.Config, $"kubeconfig {path}: {e.Message}", e);
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException or ArgumentException)
        {
            throw new CliException(ExitCodes.Config, $"kubeconfig {path}: not a valid kubeconfig ({FirstLine(e.Message)})", e);
        }
    }

    private static string? ResolveKubeconfigPath(string? flag)
    {
        if (!string.IsNullOrEmpty(flag))
        {
            return flag;
        }

        var env = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(env))
        {
            // Like kubectl, the first file of the list holds the context we use.
            return env.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)[0];
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var fallback = Path.Combine(home, ".kube", "config");
        return File.Exists(fallback) ? fallback : null;
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
