using System.Globalization;
using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// The pod's projected ServiceAccount token, as the kubelet provides it: a token from the TokenRequest API bound to
/// the pod, written with the namespace under <see cref="MountPath"/> for every container (unless the pod sets
/// <c>automountServiceAccountToken: false</c>). A real pod's client builds its in-cluster configuration from that
/// folder and <c>KUBERNETES_SERVICE_HOST</c>; here the API server's address is a loopback port, so the folder also
/// holds a kubeconfig with the same token and CA (KubernetesClient 21 does not read a kubeconfig's <c>tokenFile</c>),
/// and containers get <c>KUBECONFIG</c> pointing at it.
/// </summary>
internal static class ServiceAccountMount
{
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>What the kubelet asks for; the API server extends exactly this request to a year, as a real one does by default.</summary>
    public const long KubeletTokenSeconds = 3607;

    /// <summary>The host folder standing for <see cref="MountPath"/>, or null when the pod mounts no token.</summary>
    public static async Task<string?> PrepareAsync(IKubernetes client, V1Pod pod, PodFolders folders, string? certificateAuthority, CancellationToken cancellationToken)
    {
        if (pod.Spec.AutomountServiceAccountToken == false)
        {
            return null;
        }

        var ns = pod.Metadata.NamespaceProperty;
        var serviceAccount = pod.Spec.ServiceAccountName is { Length: > 0 } named ? named : "default";
        var request = new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec
            {
                Audiences = [],
                ExpirationSeconds = KubeletTokenSeconds,
                BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
            },
        };
        Authenticationv1TokenRequest issued;
        try
        {
            issued = await client.CoreV1.CreateNamespacedServiceAccountTokenAsync(request, serviceAccount, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            // A real API server refuses such a pod at creation (ServiceAccount admission); the sandbox fails it here.
            throw new InvalidOperationException($"error looking up service account {ns}/{serviceAccount}: serviceaccount \"{serviceAccount}\" not found", ex);
        }

        var folder = Path.Combine(folders.Volumes, "kube-api-access");
        Directory.CreateDirectory(folder);
        var tokenPath = Path.Combine(folder, "token");
        await File.WriteAllTextAsync(tokenPath, issued.Status.Token, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "namespace"), ns, cancellationToken);
        var caPath = Path.Combine(folder, "ca.crt");
        if (certificateAuthority is not null)
        {
            await File.WriteAllTextAsync(caPath, certificateAuthority, cancellationToken);
        }

        await File.WriteAllTextAsync(KubeconfigPath(folder), string.Create(CultureInfo.InvariantCulture, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: in-cluster
              cluster:
                server: {client.BaseUri.ToString().TrimEnd('/')}{(certificateAuthority is null ? "" : "\n    certificate-authority: " + caPath)}
            contexts:
            - name: in-cluster
              context:
                cluster: in-cluster
                user: {serviceAccount}
                namespace: {ns}
            current-context: in-cluster
            users:
            - name: {serviceAccount}
              user:
                token: {issued.Status.Token}

            """), cancellationToken);
        return folder;
    }

    public static string KubeconfigPath(string folder) => Path.Combine(folder, "kubeconfig");
}
