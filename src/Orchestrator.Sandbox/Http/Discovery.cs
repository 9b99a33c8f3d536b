using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Http;

/// <summary>/version, /api, /apis and the group-version resource lists (the plain, non-aggregated forms).</summary>
internal sealed class Discovery(ResourceRegistry registry, SandboxApiOptions options)
{
    public JsonObject Version()
    {
        var parts = options.KubernetesVersion.TrimStart('v').Split('.');
        return new JsonObject
        {
            ["major"] = parts[0],
            ["minor"] = parts.Length > 1 ? parts[1] : "0",
            ["gitVersion"] = options.KubernetesVersion,
            ["gitCommit"] = "0000000000000000000000000000000000000000",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-01-01T00:00:00Z",
            ["goVersion"] = "go1.22.0",
            ["compiler"] = "gc",
            ["platform"] = "linux/amd64",
        };
    }

    public static JsonObject CoreVersions() => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1" }),
    };

    public JsonObject Groups() => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray([.. registry.Groups().Select(g => (JsonNode)Group(g)!)]),
    };

    public JsonObject? Group(string group)
    {
        var versions = registry.Versions(group).ToList();
        if (versions.Count == 0)
        {
            return null;
        }

        JsonObject Gv(string v) => new() { ["groupVersion"] = $"{group}/{v}", ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group,
            ["versions"] = new JsonArray([.. versions.Select(v => (JsonNode)Gv(v))]),
            ["preferredVersion"] = Gv(versions[0]),
        };
    }

    public JsonObject? Resources(string group, string version)
    {
        var types = registry.InGroupVersion(group, version).ToList();
        if (types.Count == 0)
        {
            return null;
        }

        var list = new JsonArray();
        foreach (var t in types)
        {
            list.Add(Resource(t, t.Plural, t.CreateOnly ? ["create"] : ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"], withNames: true));
            if (t.HasStatus)
            {
                list.Add(Resource(t, t.Plural + "/status", ["get", "patch", "update"], withNames: false));
            }

            if (t == BuiltInResources.Pods)
            {
                list.Add(Resource(t, "pods/binding", ["create"], withNames: false, kind: "Binding"));
                list.Add(Resource(t, "pods/eviction", ["create"], withNames: false, kind: "Eviction", group: "policy", version: "v1"));
                list.Add(Resource(t, "pods/log", ["get"], withNames: false));
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}",
            ["resources"] = list,
        };
    }

    private static JsonObject Resource(ResourceType t, string name, string[] verbs, bool withNames, string? kind = null, string? group = null, string? version = null)
    {
        var r = new JsonObject
        {
            ["name"] = name,
            ["singularName"] = withNames ? t.Singular : "",
            ["namespaced"] = t.Namespaced,
            ["kind"] = kind ?? t.Kind,
            ["verbs"] = new JsonArray([.. verbs.Select(v => (JsonNode)v)]),
        };
        if (group is not null)
        {
            r["group"] = group;
            r["version"] = version;
        }

        if (withNames && t.ShortNames.Count > 0)
        {
            r["shortNames"] = new JsonArray([.. t.ShortNames.Select(s => (JsonNode)s)]);
        }

        if (withNames && t.Categories.Count > 0)
        {
            r["categories"] = new JsonArray([.. t.Categories.Select(s => (JsonNode)s)]);
        }

        return r;
    }
}
