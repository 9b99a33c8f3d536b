using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Json;

/// <summary>
/// The JSONPath subset CRD printer columns use: <c>.a.b</c>, <c>.a[0]</c>, <c>.a[*].b</c>,
/// <c>.a[?(@.type=="Ready")].status</c>. Returns every match.
/// </summary>
internal static class SimpleJsonPath
{
    public static IReadOnlyList<JsonNode?> Evaluate(JsonNode? root, string path)
    {
        var current = new List<JsonNode?> { root };
        var p = path.Trim().TrimStart('{').TrimEnd('}').TrimStart('$');
        var i = 0;
        while (i < p.Length && current.Count > 0)
        {
            if (p[i] == '.')
            {
                var end = i + 1;
                while (end < p.Length && p[end] != '.' && p[end] != '[')
                {
                    end++;
                }

                var name = p[(i + 1)..end];
                current = [.. current.OfType<JsonObject>().Where(o => o.ContainsKey(name)).Select(o => o[name])];
                i = end;
            }
            else if (p[i] == '[')
            {
                var end = FindClose(p, i);
                var inner = p[(i + 1)..end];
                current = [.. current.SelectMany(n => Index(n, inner))];
                i = end + 1;
            }
            else
            {
                return [];
            }
        }

        return current;
    }

    private static int FindClose(string p, int open)
    {
        var depth = 0;
        for (var i = open; i < p.Length; i++)
        {
            if (p[i] == '[')
            {
                depth++;
            }
            else if (p[i] == ']' && --depth == 0)
            {
                return i;
            }
        }

        return p.Length - 1;
    }

    private static IEnumerable<JsonNode?> Index(JsonNode? node, string inner)
    {
        if (inner == "*")
        {
            return node switch
            {
                JsonArray a => a,
                JsonObject o => o.Select(kv => kv.Value),
                _ => [],
            };
        }

        if (int.TryParse(inner, out var index))
        {
            return node is JsonArray a && a.Count > 0 ? [a[index < 0 ? a.Count + index : index]] : [];
        }

        if (inner.StartsWith("?(@", StringComparison.Ordinal) && node is JsonArray items)
        {
            var expr = inner[3..^1];
            var op = expr.Contains("!=", StringComparison.Ordinal) ? "!=" : "==";
            var parts = expr.Split(op, 2);
            var left = parts[0].Trim();
            var right = parts.Length > 1 ? parts[1].Trim().Trim('"', '\'') : null;
            return items.Where(item =>
            {
                var found = Evaluate(item, left);
                var value = found.Count > 0 ? found[0] : null;
                if (right is null)
                {
                    return value is not null;
                }

                return (JsonNodes.ScalarText(value) == right) == (op == "==");
            });
        }

        var key = inner.Trim('\'', '"');
        return node is JsonObject obj && obj.ContainsKey(key) ? [obj[key]] : [];
    }
}
