using k8s;
using Orchestrator.Kubernetes.Client;
using Orchestrator.Kubernetes.Rbac;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// Makes sure the agent of an attempt's pods may do what it does (<see cref="AgentPermissions"/>) before the Job is
/// created: the ServiceAccount (when the pods use the controller's), the Role and the binding, in the run's namespace.
/// Level-based like everything else: created when missing, the Role's rules put back when they differ. Errors are
/// left to the reconcile (a 403 here means the controller's own ClusterRole lacks these verbs).
/// </summary>
internal sealed class AgentAccess(IKubernetes client, ApiCalls api)
{
    public async Task EnsureAsync(string ns, string serviceAccount, CancellationToken ct)
    {
        if (serviceAccount == AgentRbacObjects.Name)
        {
            await CreateAsync(t => client.CoreV1.CreateNamespacedServiceAccountAsync(AgentRbacObjects.ServiceAccount(ns), ns, cancellationToken: t), ct);
        }

        var role = AgentRbacObjects.Role(ns);
        if (!await CreateAsync(t => client.RbacAuthorizationV1.CreateNamespacedRoleAsync(role, ns, cancellationToken: t), ct))
        {
            // It existed: an older controller may have granted other rules. A blind replace needs no read permission.
            await api.RunAsync(t => client.RbacAuthorizationV1.ReplaceNamespacedRoleAsync(role, role.Metadata.Name, ns, cancellationToken: t), ct);
        }

        await CreateAsync(t => client.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(AgentRbacObjects.RoleBinding(ns, serviceAccount), ns, cancellationToken: t), ct);
    }

    /// <summary>False when the object already existed.</summary>
    private async Task<bool> CreateAsync<T>(Func<CancellationToken, Task<T>> create, CancellationToken ct)
    {
        try
        {
            await api.RunAsync(create, ct);
            return true;
        }
        catch (Exception e) when (ApiErrors.IsConflict(e))
        {
            return false;
        }
    }
}
