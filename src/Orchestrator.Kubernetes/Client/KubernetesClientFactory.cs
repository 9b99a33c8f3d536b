using k8s;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// Builds the KubernetesClient the way Kubernetes controllers look for their cluster: an explicit kubeconfig (and
/// optional context); with no flags, the file <c>$KUBECONFIG</c> names, then the in-cluster service account when
/// running in a pod, then <c>~/.kube/config</c>; or, for in-process servers (the sandbox's TestServer), any
/// <see cref="HttpMessageHandler"/>. <c>$KUBECONFIG</c> comes before the service account because whoever sets it
/// means it: the sandbox's kubelet sets it for the agent, and that must win even when the sandbox itself runs in a
/// pod. Kubeconfigs are read by <see cref="KubeconfigFile"/>.
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
    /// <exception cref="FileNotFoundException">An explicit or <c>$KUBECONFIG</c> kubeconfig does not exist.</exception>
    /// <exception cref="InvalidOperationException">No flags, no <c>$KUBECONFIG</c>, not in a cluster and no default kubeconfig.</exception>
    public static KubernetesClientConfiguration Configuration(string? kubeconfigPath, string? context)
    {
        if (kubeconfigPath is not null)
        {
            return KubeconfigFile.Configuration(kubeconfigPath, context);
        }

        // Like kubectl, the first file of the list holds the context used.
        var fromEnvironment = Environment.GetEnvironmentVariable("KUBECONFIG")?.Split(Path.PathSeparator).FirstOrDefault(p => p.Length > 0);
        if (fromEnvironment is not null)
        {
            return KubeconfigFile.Configuration(fromEnvironment, context);
        }

        if (context is null && KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        var home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".kube", "config");
        if (!File.Exists(home))
        {
            throw new InvalidOperationException($"Not running in a cluster, KUBECONFIG is not set and there is no kubeconfig at '{home}': pass --kubeconfig PATH.");
        }

        return KubeconfigFile.Configuration(home, context);
    }
}
