using System.Globalization;
using System.Text;

namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Parses the inside of an action: pipelines, arguments, literals and variable declarations.</summary>
internal sealed class ExpressionParser
{
    private readonly string _file;
    private readonly int _line;
    private readonly List<ExpressionToken> _tokens;
    private int _pos;

    private ExpressionParser(string file, int line, string text)
    {
        _file = file;
        _line = line;
        _tokens = Tokenize(text);
    }

    /// <summary>A pipeline, optionally preceded by <c>$x :=</c> or <c>$x =</c> (Variable null when absent).</summary>
    public static (string? Variable, bool Declare, Pipeline Pipeline) ParseStatement(string file, int line, string text)
    {
        var parser = new ExpressionParser(file, line, text);
        string? variable = null;
        var declare = false;
        if (parser._tokens.Count > 1
            && parser._tokens[0] is { Kind: ExpressionTokenKind.Field, Value: FieldOperand { Variable: not null, Fields.Count: 0 } target }
            && parser._tokens[1].Kind is ExpressionTokenKind.Declare or ExpressionTokenKind.Assign)
        {
            variable = target.Variable;
            declare = parser._tokens[1].Kind == ExpressionTokenKind.Declare;
            parser._pos = 2;
        }

        return (variable, declare, parser.ParseWhole());
    }

    /// <summary>A range header: <c>pipeline</c>, <c>$v := pipeline</c> or <c>$k, $v := pipeline</c>.</summary>
    public static (string? Key, string? Value, Pipeline Pipeline) ParseRange(string file, int line, string text)
    {
        var parser = new ExpressionParser(file, line, text);
        var declareAt = parser._tokens.FindIndex(t => t.Kind == ExpressionTokenKind.Declare);
        if (declareAt < 0)
        {
            return (null, null, parser.ParseWhole());
        }

        var names = parser._tokens.Take(declareAt)
            .Where(t => t.Kind != ExpressionTokenKind.Comma)
            .Select(t => t.Value is FieldOperand { Variable: not null, Fields.Count: 0 } v ? v.Variable : throw parser.Error("range variables must be $names"))
            .ToList();
        parser._pos = declareAt + 1;
        return names.Count switch
        {
            1 => (null, names[0], parser.ParseWhole()),
            2 => (names[0], names[1], parser.ParseWhole()),
            _ => throw parser.Error("range declares one or two variables"),
        };
    }

    /// <summary>A pipeline and nothing after it.</summary>
    public static Pipeline ParsePipeline(string file, int line, string text) => new ExpressionParser(file, line, text).ParseWhole();

    private Pipeline ParseWhole()
    {
        var pipeline = ParsePipelineUntilClose();
        if (_pos < _tokens.Count)
        {
            throw Error($"unexpected '{_tokens[_pos].Text}'");
        }

        return pipeline;
    }

    private Pipeline ParsePipelineUntilClose()
    {
        var commands = new List<Command>();
        while (true)
        {
            var arguments = new List<Operand>();
            while (_pos < _tokens.Count && _tokens[_pos].Kind is not (ExpressionTokenKind.Pipe or ExpressionTokenKind.CloseParen))
            {
                arguments.Add(ParseOperand(arguments.Count == 0));
            }

            if (arguments.Count == 0)
            {
                throw Error("missing value in pipeline");
            }

            commands.Add(new Command(arguments));
            if (_pos < _tokens.Count && _tokens[_pos].Kind == ExpressionTokenKind.Pipe)
            {
                _pos++;
                continue;
            }

            return new Pipeline(commands);
        }
    }

    private Operand ParseOperand(bool first)
    {
        var token = _tokens[_pos++];
        switch (token.Kind)
        {
            case ExpressionTokenKind.Field:
                return (FieldOperand)token.Value!;
            case ExpressionTokenKind.Literal:
                return new LiteralOperand(token.Value);
            case ExpressionTokenKind.Identifier when first:
                return new FunctionOperand(token.Text);
            case ExpressionTokenKind.Identifier:
                throw Error($"function '{token.Text}' used as an argument: wrap it in parentheses");
            case ExpressionTokenKind.OpenParen:
                var inner = ParsePipelineUntilClose();
                if (_pos >= _tokens.Count || _tokens[_pos].Kind != ExpressionTokenKind.CloseParen)
                {
                    throw Error("unclosed '('");
                }

                _pos++;
                return new PipelineOperand(inner);
            default:
                throw Error($"unexpected '{token.Text}'");
        }
    }

    private TemplateException Error(string message) => new(_file, _line, message);

    private List<ExpressionToken> Tokenize(string text)
    {
        var tokens = new List<ExpressionToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '|')
            {
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Pipe, "|"));
                i++;
            }
            else if (c == '(' || c == ')' || c == ',')
            {
                var kind = c switch { '(' => ExpressionTokenKind.OpenParen, ')' => ExpressionTokenKind.CloseParen, _ => ExpressionTokenKind.Comma };
                tokens.Add(new ExpressionToken(kind, c.ToString()));
                i++;
            }
            else if (c == ':' && i + 1 < text.Length && text[i + 1] == '=')
            {
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Declare, ":="));
                i += 2;
            }
            else if (c == '=')
            {
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Assign, "="));
                i++;
            }
            else if (c == '"' || c == '`')
            {
                var (value, end) = ReadString(text, i);
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Literal, text[i..end], value));
                i = end;
            }
            else if (c == '.' || c == '$')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] is '_' or '.'))
                {
                    end++;
                }

                tokens.Add(new ExpressionToken(ExpressionTokenKind.Field, text[i..end], ToField(text[i..end])));
                i = end;
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                var end = i + 1;
                while (end < text.Length && (char.IsDigit(text[end]) || text[end] == '.'))
                {
                    end++;
                }

                var number = text[i..end];
                object value = number.Contains('.', StringComparison.Ordinal)
                    ? double.Parse(number, CultureInfo.InvariantCulture)
                    : long.Parse(number, CultureInfo.InvariantCulture);
                tokens.Add(new ExpressionToken(ExpressionTokenKind.Literal, number, value));
                i = end;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i + 1;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var word = text[i..end];
                tokens.Add(word switch
                {
                    "true" => new ExpressionToken(ExpressionTokenKind.Literal, word, true),
                    "false" => new ExpressionToken(ExpressionTokenKind.Literal, word, false),
                    "nil" => new ExpressionToken(ExpressionTokenKind.Literal, word, null),
                    _ => new ExpressionToken(ExpressionTokenKind.Identifier, word),
                });
                i = end;
            }
            else
            {
                throw Error($"unexpected character '{c}'");
            }
        }

        return tokens;
    }

    private FieldOperand ToField(string text)
    {
        string? variable = null;
        var rest = text;
        if (text.StartsWith('$'))
        {
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            variable = dot < 0 ? text : text[..dot];
            rest = dot < 0 ? "" : text[dot..];
        }

        if (rest is "" or ".")
        {
            return new FieldOperand(variable, []);
        }

        var fields = rest[1..].Split('.');
        if (fields.Any(f => f.Length == 0))
        {
            throw Error($"malformed field chain '{text}'");
        }

        return new FieldOperand(variable, fields);
    }

    private (string Value, int End) ReadString(string text, int start)
    {
        var quote = text[start];
        var value = new StringBuilder();
        for (var i = start + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == quote)
            {
                return (value.ToString(), i + 1);
            }

            if (quote == '"' && c == '\\' && i + 1 < text.Length)
            {
                i++;
                value.Append(text[i] switch { 'n' => '\n', 't' => '\t', var other => other });
                continue;
            }

            value.Append(c);
        }

        throw Error("unterminated string");
    }
}
