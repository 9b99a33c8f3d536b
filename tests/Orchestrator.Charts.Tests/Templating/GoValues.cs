using System.Collections;
using System.Globalization;

namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Go template semantics for the values a chart handles (maps, lists, strings, numbers, booleans, nil).</summary>
internal static class GoValues
{
    /// <summary>Go's truth: false, 0, nil, "" and empty collections are false.</summary>
    public static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0,
        string s => s.Length > 0,
        ICollection c => c.Count > 0,
        _ => true,
    };

    /// <summary>How a value prints; nil prints as nothing (Helm turns "&lt;no value&gt;" into "").</summary>
    public static string ToText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IDictionary or IList => throw new InvalidOperationException("printing a map or list: pipe it through toYaml"),
        _ => value.ToString() ?? "",
    };

    public static long ToInteger(object? value) => value switch
    {
        long l => l,
        int i => i,
        double d when d == Math.Floor(d) => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => throw new InvalidOperationException($"expected an integer, got '{ToText(value)}'"),
    };
}
