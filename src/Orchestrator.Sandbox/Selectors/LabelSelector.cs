using Orchestrator.Sandbox.Http;

namespace Orchestrator.Sandbox.Selectors;

/// <summary>The label selector syntax: <c>a=b, c!=d, e in (f,g), h notin (i), j, !k</c>.</summary>
internal sealed class LabelSelector(IReadOnlyList<LabelRequirement> requirements)
{
    public static readonly LabelSelector Everything = new([]);

    public bool IsEmpty => requirements.Count == 0;

    public bool Matches(IReadOnlyDictionary<string, string> labels) => requirements.All(r => r.Matches(labels));

    public static LabelSelector Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Everything;
        }

        var result = new List<LabelRequirement>();
        foreach (var term in SplitTerms(text))
        {
            result.Add(ParseTerm(term.Trim(), text));
        }

        return new LabelSelector(result);
    }

    private static IEnumerable<string> SplitTerms(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return text[start..i];
                    start = i + 1;
                    break;
            }
        }

        yield return text[start..];
    }

    private static LabelRequirement ParseTerm(string term, string whole)
    {
        if (term.Length == 0)
        {
            throw Invalid(whole);
        }

        if (term.StartsWith('!'))
        {
            return new LabelRequirement(Key(term[1..], whole), LabelOperator.DoesNotExist, []);
        }

        foreach (var (op, kind) in new[] { ("!=", LabelOperator.NotIn), ("==", LabelOperator.In), ("=", LabelOperator.In) })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                return new LabelRequirement(Key(term[..at], whole), kind, [term[(at + op.Length)..].Trim()]);
            }
        }

        var words = term.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 1)
        {
            return new LabelRequirement(Key(words[0], whole), LabelOperator.Exists, []);
        }

        var rest = words[1];
        var setOp = rest.StartsWith("notin", StringComparison.Ordinal) ? LabelOperator.NotIn
            : rest.StartsWith("in", StringComparison.Ordinal) ? LabelOperator.In
            : throw Invalid(whole);
        var open = rest.IndexOf('(', StringComparison.Ordinal);
        var close = rest.LastIndexOf(')');
        if (open < 0 || close < open)
        {
            throw Invalid(whole);
        }

        var values = rest[(open + 1)..close].Split(',', StringSplitOptions.TrimEntries);
        return new LabelRequirement(Key(words[0], whole), setOp, values);
    }

    private static string Key(string key, string whole)
    {
        key = key.Trim();
        return key.Length == 0 || key.Any(char.IsWhiteSpace) ? throw Invalid(whole) : key;
    }

    private static ApiException Invalid(string text) =>
        ApiException.BadRequest($"unable to parse requirement: invalid label selector \"{text}\"");
}
