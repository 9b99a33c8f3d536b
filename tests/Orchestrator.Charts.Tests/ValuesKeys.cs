namespace Orchestrator.Charts.Tests;

/// <summary>The dotted paths of a values tree's leaves (a list or an empty map counts as a leaf).</summary>
internal static class ValuesKeys
{
    public static IEnumerable<string> Leaves(Dictionary<string, object?> values, string prefix = "")
    {
        foreach (var (key, value) in values)
        {
            var path = prefix + key;
            if (value is Dictionary<string, object?> { Count: > 0 } child)
            {
                foreach (var leaf in Leaves(child, path + "."))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
