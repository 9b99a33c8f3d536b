namespace Orchestrator.Charts.Tests.Templating;

/// <summary>
/// Splits a Go template into text and actions and applies the trim markers: <c>{{- </c> removes
/// the whitespace before the action, <c> -}}</c> the whitespace after it.
/// </summary>
internal static class TemplateLexer
{
    public static List<RawToken> Lex(string file, string source)
    {
        var tokens = new List<RawToken>();
        var trimNextText = false;
        var pos = 0;
        while (pos < source.Length)
        {
            var open = source.IndexOf("{{", pos, StringComparison.Ordinal);
            var text = open < 0 ? source[pos..] : source[pos..open];
            if (trimNextText)
            {
                text = text.TrimStart();
            }

            if (open < 0)
            {
                AddText(tokens, file, text, LineAt(source, pos));
                break;
            }

            var bodyStart = open + 2;
            var trimLeft = bodyStart + 1 < source.Length && source[bodyStart] == '-' && char.IsWhiteSpace(source[bodyStart + 1]);
            if (trimLeft)
            {
                text = text.TrimEnd();
                bodyStart++;
            }

            AddText(tokens, file, text, LineAt(source, pos));
            var close = FindClose(file, source, bodyStart, LineAt(source, open));
            var body = source[bodyStart..close];
            trimNextText = body.Length >= 2 && body[^1] == '-' && char.IsWhiteSpace(body[^2]);
            if (trimNextText)
            {
                body = body[..^1];
            }

            tokens.Add(new RawToken(true, body.Trim(), LineAt(source, open)));
            pos = close + 2;
        }

        return tokens;
    }

    private static void AddText(List<RawToken> tokens, string file, string text, int line)
    {
        if (text.Contains("}}", StringComparison.Ordinal))
        {
            throw new TemplateException(file, line, "'}}' without a matching '{{'");
        }

        if (text.Length > 0)
        {
            tokens.Add(new RawToken(false, text, line));
        }
    }

    /// <summary>The index of the <c>}}</c> closing an action, skipping strings and comments that may contain braces.</summary>
    private static int FindClose(string file, string source, int from, int line)
    {
        var i = from;
        while (i < source.Length)
        {
            var c = source[i];
            if (c == '"' || c == '`')
            {
                i = SkipString(file, source, i, line);
                continue;
            }

            if (c == '/' && i + 1 < source.Length && source[i + 1] == '*')
            {
                var end = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new TemplateException(file, line, "unclosed comment");
                }

                i = end + 2;
                continue;
            }

            if (c == '\n' && !source.AsSpan(from, i - from).TrimStart().StartsWith("/*"))
            {
                throw new TemplateException(file, line, "unclosed action: '{{' without '}}' on the same line");
            }

            if (c == '}' && i + 1 < source.Length && source[i + 1] == '}')
            {
                return i;
            }

            i++;
        }

        throw new TemplateException(file, line, "unclosed action: '{{' without '}}'");
    }

    private static int SkipString(string file, string source, int start, int line)
    {
        var quote = source[start];
        for (var i = start + 1; i < source.Length; i++)
        {
            if (quote == '"' && source[i] == '\\')
            {
                i++;
                continue;
            }

            if (source[i] == quote)
            {
                return i + 1;
            }

            if (source[i] == '\n' && quote == '"')
            {
                break;
            }
        }

        throw new TemplateException(file, line, "unterminated string in action");
    }

    private static int LineAt(string source, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }
}
