namespace Orchestrator.Kubernetes.Rbac;

/// <summary>One RBAC rule: the verbs allowed on a resource (or subresource, e.g. "trainingruns/status") of an API group ("" = core).</summary>
public sealed record PermissionRule(string ApiGroup, string Resource, IReadOnlyList<string> Verbs)
{
    /// <summary><c>group/resource: verb,verb</c>, for readable test failures.</summary>
    public override string ToString() => $"{(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}: {string.Join(',', Verbs)}";
}
