using System.Text.Json;
using k8s;
using k8s.Models;
using Orchestrator.Charts.Tests.Chart;

namespace Orchestrator.Controller.Tests.EndToEnd;

/// <summary>
/// The controller's identity as the Helm chart installs it: the chart is rendered with its defaults (by the chart
/// tests' renderer), its ServiceAccount, ClusterRole, ClusterRoleBinding and leader-election Role and RoleBinding are
/// applied to the sandbox, and the controller gets a token for that ServiceAccount. With the sandbox enforcing RBAC,
/// a verb the controller uses and the chart does not grant fails the story with a 403.
/// </summary>
internal static class ChartIdentity
{
    private static readonly string[] Kinds = ["ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"];

    /// <summary>Applies the chart's RBAC; returns a token of the controller's ServiceAccount.</summary>
    public static async Task<string> ApplyAsync(SandboxClusterAccess cluster, string repoRoot)
    {
        var rendered = HelmChart.Load(Path.Combine(repoRoot, "charts", "orchestrator")).Render();
        var admin = cluster.Admin;
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = HelmChart.ReleaseNamespace } });
        string? serviceAccount = null;
        foreach (var kind in Kinds)
        {
            foreach (var obj in rendered.OfKind(kind))
            {
                var json = JsonSerializer.Serialize(obj);
                switch (kind)
                {
                    case "ServiceAccount":
                        var sa = KubernetesJson.Deserialize<V1ServiceAccount>(json);
                        serviceAccount = sa.Metadata.Name;
                        await admin.CoreV1.CreateNamespacedServiceAccountAsync(sa, HelmChart.ReleaseNamespace);
                        break;
                    case "ClusterRole":
                        await admin.RbacAuthorizationV1.CreateClusterRoleAsync(KubernetesJson.Deserialize<V1ClusterRole>(json));
                        break;
                    case "ClusterRoleBinding":
                        await admin.RbacAuthorizationV1.CreateClusterRoleBindingAsync(KubernetesJson.Deserialize<V1ClusterRoleBinding>(json));
                        break;
                    case "Role":
                        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(KubernetesJson.Deserialize<V1Role>(json), HelmChart.ReleaseNamespace);
                        break;
                    default:
                        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(KubernetesJson.Deserialize<V1RoleBinding>(json), HelmChart.ReleaseNamespace);
                        break;
                }
            }
        }

        return cluster.IssueToken(HelmChart.ReleaseNamespace, serviceAccount ?? throw new InvalidOperationException("the chart rendered no ServiceAccount"));
    }
}

/// <summary>What <see cref="ChartIdentity"/> needs of a sandbox: an admin client and the TokenRequest API.</summary>
internal sealed record SandboxClusterAccess(IKubernetes Admin, Func<string, string, string> IssueToken);
