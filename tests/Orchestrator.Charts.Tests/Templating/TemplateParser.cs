namespace Orchestrator.Charts.Tests.Templating;

/// <summary>
/// Parses the subset of Helm's template language the chart keeps to. Anything outside it
/// (<c>template</c>, <c>block</c>, <c>break</c>, ...) is a parse error naming the file and line,
/// and every <c>if</c>/<c>with</c>/<c>range</c>/<c>define</c> must be closed by its <c>end</c>.
/// </summary>
internal sealed class TemplateParser
{
    private static readonly string[] UnsupportedKeywords = ["template", "block", "break", "continue"];

    private readonly string _file;
    private readonly List<RawToken> _tokens;
    private readonly Dictionary<string, IReadOnlyList<Node>> _defines = new(StringComparer.Ordinal);
    private int _pos;

    private TemplateParser(string file, string source)
    {
        _file = file;
        _tokens = TemplateLexer.Lex(file, source);
    }

    public static ParsedTemplate Parse(string file, string source)
    {
        var parser = new TemplateParser(file, source);
        var (body, terminator) = parser.ParseList(topLevel: true);
        if (terminator is not null)
        {
            throw new TemplateException(file, terminator.Line, $"'{terminator.Text}' without a matching if, with, range or define");
        }

        return new ParsedTemplate(file, body, parser._defines);
    }

    /// <summary>Nodes up to an <c>end</c> or <c>else</c> (returned as the terminator) or the end of the file.</summary>
    private (List<Node> Nodes, RawToken? Terminator) ParseList(bool topLevel)
    {
        var nodes = new List<Node>();
        while (_pos < _tokens.Count)
        {
            var token = _tokens[_pos++];
            if (!token.IsAction)
            {
                nodes.Add(new TextNode(token.Line, token.Text));
                continue;
            }

            var (keyword, rest) = SplitKeyword(token.Text);
            switch (keyword)
            {
                case "" when token.Text.StartsWith("/*", StringComparison.Ordinal):
                    if (!token.Text.EndsWith("*/", StringComparison.Ordinal))
                    {
                        throw Error(token, "a comment must be the whole action: {{/* ... */}}");
                    }

                    break;
                case "end":
                case "else":
                    return (nodes, token);
                case "if":
                    nodes.Add(ParseIf(token, rest));
                    break;
                case "with":
                    var (withBody, withElse) = ParseBlock(token, allowElse: true);
                    nodes.Add(new WithNode(token.Line, ExpressionParser.ParsePipeline(_file, token.Line, rest), withBody, withElse));
                    break;
                case "range":
                    var (key, value, collection) = ExpressionParser.ParseRange(_file, token.Line, rest);
                    var (rangeBody, rangeElse) = ParseBlock(token, allowElse: true);
                    nodes.Add(new RangeNode(token.Line, key, value, collection, rangeBody, rangeElse));
                    break;
                case "define":
                    if (!topLevel)
                    {
                        throw Error(token, "define must be at the top level");
                    }

                    var name = ExpressionParser.ParsePipeline(_file, token.Line, rest) is { Commands: [{ Arguments: [LiteralOperand { Value: string n }] }] }
                        ? n
                        : throw Error(token, "define needs a quoted name");
                    var (defineBody, _) = ParseBlock(token, allowElse: false);
                    _defines[name] = defineBody;
                    break;
                default:
                    if (UnsupportedKeywords.Contains(keyword))
                    {
                        throw Error(token, $"'{keyword}' is outside the template subset the chart tests render; see charts/orchestrator/README.md");
                    }

                    var (variable, declare, pipeline) = ExpressionParser.ParseStatement(_file, token.Line, token.Text);
                    nodes.Add(variable is null ? new OutputNode(token.Line, pipeline) : new AssignNode(token.Line, variable, declare, pipeline));
                    break;
            }
        }

        return (nodes, null);
    }

    private IfNode ParseIf(RawToken opening, string condition)
    {
        var pipeline = ExpressionParser.ParsePipeline(_file, opening.Line, condition);
        var (then, terminator) = ParseList(topLevel: false);
        var (keyword, rest) = terminator is null ? ("", "") : SplitKeyword(terminator.Text);
        if (terminator is null)
        {
            throw Error(opening, "'if' without 'end'");
        }

        if (keyword == "end")
        {
            return new IfNode(opening.Line, pipeline, then, []);
        }

        var (elseKeyword, elseRest) = SplitKeyword(rest);
        if (elseKeyword == "if")
        {
            // else if: the nested if consumes the shared end.
            return new IfNode(opening.Line, pipeline, then, [ParseIf(terminator, elseRest)]);
        }

        if (rest.Length > 0)
        {
            throw Error(terminator, $"unexpected '{rest}' after else");
        }

        var (elseBody, end) = ParseList(topLevel: false);
        if (end is null || SplitKeyword(end.Text).Keyword != "end")
        {
            throw Error(opening, "'if ... else' without 'end'");
        }

        return new IfNode(opening.Line, pipeline, then, elseBody);
    }

    private (List<Node> Body, List<Node> Else) ParseBlock(RawToken opening, bool allowElse)
    {
        var keyword = SplitKeyword(opening.Text).Keyword;
        var (body, terminator) = ParseList(topLevel: false);
        if (terminator is null)
        {
            throw Error(opening, $"'{keyword}' without 'end'");
        }

        if (SplitKeyword(terminator.Text) is ("end", ""))
        {
            return (body, []);
        }

        if (!allowElse || terminator.Text != "else")
        {
            throw Error(terminator, $"unexpected '{terminator.Text}' in '{keyword}'");
        }

        var (elseBody, end) = ParseList(topLevel: false);
        if (end is null || SplitKeyword(end.Text) is not ("end", ""))
        {
            throw Error(opening, $"'{keyword} ... else' without 'end'");
        }

        return (body, elseBody);
    }

    private static (string Keyword, string Remainder) SplitKeyword(string text)
    {
        var end = 0;
        while (end < text.Length && char.IsLetter(text[end]))
        {
            end++;
        }

        var keyword = text[..end];
        return end < text.Length && !char.IsWhiteSpace(text[end]) ? ("", text) : (keyword, text[end..].Trim());
    }

    private TemplateException Error(RawToken token, string message) => new(_file, token.Line, message);
}
