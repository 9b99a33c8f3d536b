using k8s;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// Builds the KubernetesClient the way kubectl users expect: an explicit kubeconfig (and optional context); with no
/// flags, the in-cluster service account when running in a pod, else <c>$KUBECONFIG</c> or <c>~/.kube/config</c>;
/// or, for in-process servers (the sandbox's TestServer), any <see cref="HttpMessageHandler"/>.
/// </summary>
public static class KubernetesClientFactory
{
    /// <summary>A client from a kubeconfig, the in-cluster configuration, or the default kubeconfig, in that order.</summary>
    /// <param name="kubeconfigPath">A kubeconfig file (<c>--kubeconfig</c>); null to choose automatically.</param>
    /// <param name="context">A context of that kubeconfig (<c>--context</c>); null for its current context.</param>
    /// <exception cref="FileNotFoundException">The kubeconfig does not exist (the message names it).</exception>
    /// <exception cref="InvalidOperationException">No flags, not in a cluster and no default kubeconfig.</exception>
    public static IKubernetes Create(string? kubeconfigPath = null, string? context = null) =>
        new k8s.Kubernetes(Configuration(kubeconfigPath, context));

    /// <summary>A client that sends every request through <paramref name="handler"/> (e.g. <c>TestServer.CreateHandler()</c>).</summary>
    public static IKubernetes Create(Uri server, HttpMessageHandler handler) =>
        new k8s.Kubernetes(new KubernetesClientConfiguration { Host = server.ToString().TrimEnd('/') }, new ForwardingHandler(handler));

    /// <summary>The configuration <see cref="Create(string?, string?)"/> uses.</summary>
    public static KubernetesClientConfiguration Configuration(string? kubeconfigPath, string? context)
    {
        if (kubeconfigPath is not null)
        {
            if (!File.Exists(kubeconfigPath))
            {
                throw new FileNotFoundException($"The kubeconfig '{kubeconfigPath}' does not exist.", kubeconfigPath);
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath, context);
        }

        if (context is null && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var fallback = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0)
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(fallback))
        {
            throw new InvalidOperationException($"Not running in a cluster and no kubeconfig at '{fallback}': pass --kubeconfig PATH.");
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(fallback, context);
    }
}
