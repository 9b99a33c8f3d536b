using Orchestrator.Sandbox.Http;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Selectors;

/// <summary>The field selector syntax (<c>a=b,c!=d</c>) over the fields a resource makes selectable.</summary>
internal sealed class FieldSelector(IReadOnlyList<(string Field, string Value, bool Equal)> terms)
{
    public static readonly FieldSelector Everything = new([]);

    public bool IsEmpty => terms.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> fields) =>
        terms.All(t => (fields.TryGetValue(t.Field, out var v) ? v : "") == t.Value == t.Equal);

    public static FieldSelector Parse(string? text, ResourceType type)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<(string, string, bool)>();
        foreach (var raw in text.Split(','))
        {
            var term = raw.Trim();
            var (at, length, equal) = term.IndexOf("!=", StringComparison.Ordinal) is var ne and > 0 ? (ne, 2, false)
                : term.IndexOf("==", StringComparison.Ordinal) is var eq2 and > 0 ? (eq2, 2, true)
                : term.IndexOf('=', StringComparison.Ordinal) is var eq and > 0 ? (eq, 1, true)
                : throw ApiException.BadRequest($"invalid field selector: '{term}'");
            var field = term[..at].Trim();
            if (field is not ("metadata.name" or "metadata.namespace") && !type.SelectableFields.Contains(field))
            {
                throw ApiException.BadRequest($"field label not supported: {field}");
            }

            result.Add((field, term[(at + length)..].Trim(), equal));
        }

        return new FieldSelector(result);
    }
}
