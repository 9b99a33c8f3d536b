namespace Orchestrator.Charts.Tests.Chart;

/// <summary>Reads a dotted path (a.b.c) out of parsed YAML; list items by index (containers.0.name).</summary>
internal static class ObjectPath
{
    public static object? Get(object? root, string path)
    {
        var value = root;
        foreach (var key in path.Split('.'))
        {
            value = value switch
            {
                Dictionary<string, object?> map => map.GetValueOrDefault(key),
                List<object?> list when int.TryParse(key, out var i) && i < list.Count => list[i],
                _ => null,
            };
        }

        return value;
    }

    public static bool Exists(Dictionary<string, object?> root, IReadOnlyList<string> keys)
    {
        object? value = root;
        foreach (var key in keys)
        {
            if (value is not Dictionary<string, object?> map || !map.TryGetValue(key, out value))
            {
                return false;
            }
        }

        return true;
    }
}
