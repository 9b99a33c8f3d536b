using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Auth;

/// <summary>
/// Kubernetes' RBAC authorizer over the objects stored in the sandbox: ClusterRoleBindings grant their ClusterRole's
/// rules everywhere, RoleBindings grant a Role's (or a ClusterRole's) rules in their own namespace. Nothing is denied
/// explicitly; what no rule allows is forbidden. <c>system:masters</c> is allowed everything, as the real API server
/// allows it before asking RBAC. The defaults every cluster bootstraps and this needs (system:basic-user's self
/// reviews, system:discovery's and system:public-info-viewer's paths) are built in rather than stored.
/// ClusterRole aggregation is not evaluated (docs/sandbox.md).
/// </summary>
internal sealed class RbacAuthorizer(ObjectStore store)
{
    private static readonly string[] PublicPaths = ["/version", "/healthz", "/livez", "/readyz"];

    public bool Allows(UserInfo user, RequestAttributes request)
    {
        if (user.IsMaster)
        {
            return true;
        }

        if (!user.IsAnonymous && request is { Verb: "create", Group: "authorization.k8s.io", Resource: "selfsubjectaccessreviews" or "selfsubjectrulesreviews" })
        {
            return true;
        }

        return RulesFor(user, request.Namespace).Any(rule => rule.Allows(request));
    }

    public bool AllowsPath(UserInfo user, string verb, string path)
    {
        if (user.IsMaster || PublicPaths.Any(p => path == p || path.StartsWith(p + "/", StringComparison.Ordinal)))
        {
            return true;
        }

        if (!user.IsAnonymous && (path is "/api" or "/apis" || path.StartsWith("/api/", StringComparison.Ordinal) || path.StartsWith("/apis/", StringComparison.Ordinal) || path.StartsWith("/openapi", StringComparison.Ordinal)))
        {
            return true;
        }

        return RulesFor(user, "").Any(rule => rule.AllowsPath(verb, path));
    }

    /// <summary>Every rule that applies to <paramref name="user"/> in <paramref name="ns"/> ("" = only cluster-wide ones).</summary>
    public IEnumerable<PolicyRule> RulesFor(UserInfo user, string ns)
    {
        foreach (var binding in store.List(BuiltInResources.ClusterRoleBindings, "", null, 0, null).Items.Select(o => o.ToNode()))
        {
            if (Binds(binding, user, "") && RoleRef(binding) is ("ClusterRole", var name) && Role(BuiltInResources.ClusterRoles, "", name) is { } role)
            {
                foreach (var rule in PolicyRule.ReadRules(role))
                {
                    yield return rule;
                }
            }
        }

        if (ns.Length == 0)
        {
            yield break;
        }

        foreach (var binding in store.List(BuiltInResources.RoleBindings, ns, null, 0, null).Items.Select(o => o.ToNode()))
        {
            if (!Binds(binding, user, ns))
            {
                continue;
            }

            var role = RoleRef(binding) switch
            {
                ("Role", var name) => Role(BuiltInResources.Roles, ns, name),
                ("ClusterRole", var name) => Role(BuiltInResources.ClusterRoles, "", name),
                _ => null,
            };
            foreach (var rule in role is null ? [] : PolicyRule.ReadRules(role))
            {
                yield return rule;
            }
        }
    }

    /// <summary>The rules of the role a binding refers to, or null when that role does not exist.</summary>
    public IReadOnlyList<PolicyRule>? RulesOfRef(JsonObject binding, string bindingNamespace) => RoleRef(binding) switch
    {
        ("Role", var name) when bindingNamespace.Length > 0 => Role(BuiltInResources.Roles, bindingNamespace, name) is { } r ? PolicyRule.ReadRules(r) : null,
        ("ClusterRole", var name) => Role(BuiltInResources.ClusterRoles, "", name) is { } r ? PolicyRule.ReadRules(r) : null,
        _ => null,
    };

    public static (string Kind, string Name) RoleRef(JsonObject binding) =>
        (JsonNodes.String(binding["roleRef"], "kind") ?? "", JsonNodes.String(binding["roleRef"], "name") ?? "");

    private JsonObject? Role(ResourceType type, string ns, string name) => store.Get(type, ns, name)?.ToNode();

    private static bool Binds(JsonObject binding, UserInfo user, string bindingNamespace)
    {
        foreach (var subject in (binding["subjects"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var kind = JsonNodes.String(subject, "kind");
            var name = JsonNodes.String(subject, "name") ?? "";
            var matches = kind switch
            {
                "User" => user.Name == name,
                "Group" => user.Groups.Contains(name),
                // A ServiceAccount subject of a RoleBinding without a namespace means the binding's own.
                "ServiceAccount" => user.ServiceAccount is var (saNs, saName) && saName == name
                    && saNs == (JsonNodes.String(subject, "namespace") is { Length: > 0 } n ? n : bindingNamespace),
                _ => false,
            };
            if (matches)
            {
                return true;
            }
        }

        return false;
    }
}
