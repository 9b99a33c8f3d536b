using k8s.Models;

namespace Orchestrator.Kubernetes.Rbac;

/// <summary>
/// The ServiceAccount, Role and RoleBinding that give the agent <see cref="AgentPermissions"/> in one namespace, with
/// deterministic names so that creating them again is a no-op. Pods that name their own ServiceAccount (for example
/// for IRSA or workload identity to the checkpoint store) keep it; the binding then names that one instead.
/// </summary>
public static class AgentRbacObjects
{
    /// <summary>The ServiceAccount of worker pods whose template names none, and the name of the agent's Role.</summary>
    public const string Name = Api.AgentIdentity.ServiceAccount;

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";
    public const string ManagedBy = "orchestrator";

    public static V1ServiceAccount ServiceAccount(string ns) => new()
    {
        ApiVersion = "v1",
        Kind = "ServiceAccount",
        Metadata = Meta(Name, ns),
    };

    public static V1Role Role(string ns) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "Role",
        Metadata = Meta(Name, ns),
        Rules = [.. AgentPermissions.Rules.Select(r => new V1PolicyRule { ApiGroups = [r.ApiGroup], Resources = [r.Resource], Verbs = [.. r.Verbs] })],
    };

    /// <summary>The binding for pods running as <paramref name="serviceAccount"/>: named after the Role, plus the ServiceAccount when it is another one.</summary>
    public static V1RoleBinding RoleBinding(string ns, string serviceAccount) => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1",
        Kind = "RoleBinding",
        Metadata = Meta(BindingName(serviceAccount), ns),
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = Name },
        Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount, NamespaceProperty = ns }],
    };

    public static string BindingName(string serviceAccount) => serviceAccount == Name ? Name : $"{Name}-{serviceAccount}";

    private static V1ObjectMeta Meta(string name, string ns) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = new Dictionary<string, string> { [ManagedByLabel] = ManagedBy },
    };
}
