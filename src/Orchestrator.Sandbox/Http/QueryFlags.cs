using Microsoft.Extensions.Primitives;

namespace Orchestrator.Sandbox.Http;

/// <summary>Boolean query parameters (<c>watch</c>, <c>allowWatchBookmarks</c>) as the apiserver decodes them.</summary>
internal static class QueryFlags
{
    /// <summary>
    /// Kubernetes' query decoding (apimachinery's Convert_Slice_string_To_bool) reads a present parameter as true unless it
    /// is "0" or "false" in any case. Clients rely on it: the official Python client sends <c>watch=True</c>.
    /// </summary>
    public static bool IsTrue(StringValues values) =>
        values.Count > 0 && values[0] is var v && v != "0" && !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase);
}
