namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// A parsed label selector in the API server's string syntax: <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, <c>a</c>,
/// <c>!a</c>, <c>a in (x,y)</c>, <c>a notin (x,y)</c>, joined by commas (all must match). Empty matches everything.
/// </summary>
public sealed class LabelSelector
{
    private readonly IReadOnlyList<Func<IDictionary<string, string>?, bool>> _requirements;

    private LabelSelector(IReadOnlyList<Func<IDictionary<string, string>?, bool>> requirements) => _requirements = requirements;

    /// <summary>Parses <paramref name="selector"/>.</summary>
    /// <exception cref="FormatException">The selector is malformed; the message names the bad requirement.</exception>
    public static LabelSelector Parse(string? selector)
    {
        var requirements = new List<Func<IDictionary<string, string>?, bool>>();
        foreach (var part in SplitTopLevel(selector ?? ""))
        {
            requirements.Add(ParseRequirement(part));
        }

        return new LabelSelector(requirements);
    }

    /// <summary>True when <paramref name="labels"/> (null = no labels) satisfy every requirement.</summary>
    public bool Matches(IDictionary<string, string>? labels) => _requirements.All(r => r(labels));

    private static Func<IDictionary<string, string>?, bool> ParseRequirement(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length >= 3 && words[1] is "in" or "notin" && text.EndsWith(')'))
        {
            var key = words[0];
            var open = text.IndexOf('(', StringComparison.Ordinal);
            if (open < 0)
            {
                throw new FormatException($"Label selector requirement '{text}' lacks '(' after '{words[1]}'.");
            }

            var values = text[(open + 1)..^1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            return words[1] == "in"
                ? labels => Value(labels, key) is { } v && values.Contains(v)
                : labels => Value(labels, key) is not { } v || !values.Contains(v);
        }

        var notEqual = text.IndexOf("!=", StringComparison.Ordinal);
        if (notEqual > 0)
        {
            var (key, value) = (Key(text[..notEqual], text), text[(notEqual + 2)..].Trim());
            return labels => Value(labels, key) != value;
        }

        var equal = text.IndexOf('=', StringComparison.Ordinal);
        if (equal > 0)
        {
            var valueStart = text.AsSpan(equal + 1).StartsWith("=") ? equal + 2 : equal + 1;
            var (key, value) = (Key(text[..equal], text), text[valueStart..].Trim());
            return labels => Value(labels, key) == value;
        }

        if (text.StartsWith('!'))
        {
            var key = Key(text[1..], text);
            return labels => Value(labels, key) is null;
        }

        var exists = Key(text, text);
        return labels => Value(labels, exists) is not null;
    }

    private static string Key(string candidate, string requirement)
    {
        var key = candidate.Trim();
        if (key.Length == 0 || key.Any(c => char.IsWhiteSpace(c) || c is '(' or ')' or '!' or '=' or ','))
        {
            throw new FormatException($"Label selector requirement '{requirement}' has an invalid key '{key}'.");
        }

        return key;
    }

    private static string? Value(IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var value) ? value : null;

    private static IEnumerable<string> SplitTopLevel(string selector)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= selector.Length; i++)
        {
            if (i == selector.Length || (selector[i] == ',' && depth == 0))
            {
                var part = selector[start..i].Trim();
                if (part.Length > 0)
                {
                    yield return part;
                }

                start = i + 1;
            }
            else if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
        }
    }
}
