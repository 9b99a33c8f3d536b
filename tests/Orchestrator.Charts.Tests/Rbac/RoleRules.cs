namespace Orchestrator.Charts.Tests.Rbac;

/// <summary>The permissions a rendered Role or ClusterRole grants, one per group, resource and verb.</summary>
internal static class RoleRules
{
    public static IReadOnlyList<Permission> Expand(Dictionary<string, object?> role)
    {
        var rules = role.GetValueOrDefault("rules") as List<object?> ?? [];
        var permissions = new List<Permission>();
        foreach (var rule in rules.Cast<Dictionary<string, object?>>())
        {
            if (rule.ContainsKey("resourceNames") || rule.ContainsKey("nonResourceURLs"))
            {
                throw new InvalidDataException("resourceNames and nonResourceURLs are not compared; declare them in ControllerPermissions first");
            }

            foreach (var group in Strings(rule, "apiGroups"))
            {
                foreach (var resource in Strings(rule, "resources"))
                {
                    permissions.AddRange(Strings(rule, "verbs").Select(verb => new Permission(group, resource, verb)));
                }
            }
        }

        return permissions;
    }

    /// <summary>Compares exactly: a wildcard granted is extra unless the same wildcard is declared.</summary>
    public static RbacDifference Compare(IEnumerable<Permission> declared, IEnumerable<Permission> granted)
    {
        var want = declared.ToHashSet();
        var have = granted.ToHashSet();
        return new RbacDifference(
            want.Except(have).OrderBy(p => p.ToString(), StringComparer.Ordinal).ToList(),
            have.Except(want).OrderBy(p => p.ToString(), StringComparer.Ordinal).ToList());
    }

    private static IEnumerable<string> Strings(Dictionary<string, object?> rule, string key) =>
        (rule.GetValueOrDefault(key) as List<object?> ?? []).Select(v => v as string ?? throw new InvalidDataException($"{key} holds a non-string"));
}
