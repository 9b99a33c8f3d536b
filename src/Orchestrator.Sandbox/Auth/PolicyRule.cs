using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Auth;

/// <summary>One rule of a Role or ClusterRole, matched as Kubernetes' RBAC authorizer matches it (rbac/v1 PolicyRule).</summary>
internal sealed record PolicyRule(
    IReadOnlyList<string> Verbs,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> Resources,
    IReadOnlyList<string> ResourceNames,
    IReadOnlyList<string> NonResourceUrls)
{
    public const string All = "*";

    public static IReadOnlyList<PolicyRule> ReadRules(JsonObject role) =>
        role["rules"] is JsonArray rules ? [.. rules.OfType<JsonObject>().Select(Read)] : [];

    public static PolicyRule Read(JsonObject rule) => new(
        Strings(rule, "verbs"), Strings(rule, "apiGroups"), Strings(rule, "resources"), Strings(rule, "resourceNames"), Strings(rule, "nonResourceURLs"));

    /// <summary>
    /// Whether this rule allows the request. A rule naming <c>resourceNames</c> never matches a request without a name
    /// (a plain list, a create): that is why it cannot limit a list or watch unless the client selects one name.
    /// </summary>
    public bool Allows(RequestAttributes a) =>
        Has(Verbs, a.Verb)
        && Has(ApiGroups, a.Group)
        && ResourceMatches(a)
        && (ResourceNames.Count == 0 || (a.Name.Length > 0 && ResourceNames.Contains(a.Name)));

    /// <summary>Non-resource paths (<c>/healthz</c>, <c>/apis/*</c>): exact, or a prefix ending in <c>*</c>.</summary>
    public bool AllowsPath(string verb, string path) =>
        Has(Verbs, verb) && NonResourceUrls.Any(u => u == All || u == path || (u.EndsWith('*') && path.StartsWith(u[..^1], StringComparison.Ordinal)));

    /// <summary>One (verb, group, resource, name) per combination: how escalation checks compare a granted rule with held ones.</summary>
    public IEnumerable<RequestAttributes> Breakdown(string ns)
    {
        foreach (var verb in Verbs)
        {
            foreach (var group in ApiGroups)
            {
                foreach (var resource in Resources)
                {
                    var slash = resource.IndexOf('/', StringComparison.Ordinal);
                    var (res, sub) = slash < 0 ? (resource, "") : (resource[..slash], resource[(slash + 1)..]);
                    foreach (var name in ResourceNames.Count == 0 ? [""] : ResourceNames)
                    {
                        yield return new RequestAttributes(verb, group, res, sub, ns, name);
                    }
                }
            }
        }
    }

    private bool ResourceMatches(RequestAttributes a)
    {
        var combined = a.ResourceWithSubresource;
        foreach (var r in Resources)
        {
            if (r == All || r == combined)
            {
                return true;
            }

            // "*/status" allows the status subresource of every resource.
            if (a.Subresource.Length > 0 && r.StartsWith("*/", StringComparison.Ordinal) && r[2..] == a.Subresource)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Has(IReadOnlyList<string> values, string value) => values.Contains(All) || values.Contains(value);

    private static IReadOnlyList<string> Strings(JsonObject obj, string key) =>
        obj[key] is JsonArray array ? [.. array.Select(v => v?.GetValue<string>() ?? "")] : [];
}
