using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.Charts.Tests.Templating;

/// <summary>
/// The functions the chart may use, with Helm's (Sprig's) argument order: the piped value comes last.
/// Any other function is an error, so the templates stay within what these tests can render.
/// </summary>
internal static class TemplateFunctions
{
    public static IReadOnlyList<string> Names { get; } =
        ["include", "toYaml", "nindent", "indent", "quote", "default", "printf", "trunc", "trimSuffix", "contains", "sha256sum", "not", "and", "or"];

    public static object? Call(TemplateEngine engine, string name, List<object?> args) => name switch
    {
        "include" => engine.Include(Text(Arg(name, args, 0, 2)), args[1]),
        "toYaml" => YamlValues.ToYaml(Arg(name, args, 0, 1)),
        "nindent" => "\n" + Indent(GoValues.ToInteger(Arg(name, args, 0, 2)), Text(args[1])),
        "indent" => Indent(GoValues.ToInteger(Arg(name, args, 0, 2)), Text(args[1])),
        "quote" => string.Join(" ", args.Where(a => a is not null).Select(a => Quote(Text(a)))),
        "default" => args.Count == 2 ? (GoValues.IsTrue(args[1]) ? args[1] : args[0]) : throw Arity(name, 2),
        "printf" => Printf(Text(args.Count > 0 ? args[0] : throw Arity(name, 1)), args.Skip(1).ToList()),
        "trunc" => Truncate(GoValues.ToInteger(Arg(name, args, 0, 2)), Text(args[1])),
        "trimSuffix" => TrimSuffix(Text(Arg(name, args, 0, 2)), Text(args[1])),
        "contains" => Text(args[1 < args.Count ? 1 : throw Arity(name, 2)]).Contains(Text(args[0]), StringComparison.Ordinal),
        "sha256sum" => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Text(Arg(name, args, 0, 1))))),
        "not" => !GoValues.IsTrue(Arg(name, args, 0, 1)),
        "and" => args.Count < 2 ? throw Arity(name, 2) : args.FirstOrDefault(a => !GoValues.IsTrue(a), args[^1]),
        "or" => args.Count < 2 ? throw Arity(name, 2) : args.FirstOrDefault(GoValues.IsTrue, args[^1]),
        _ => throw new InvalidOperationException($"function \"{name}\" is outside the subset the chart tests render (allowed: {string.Join(", ", Names)})"),
    };

    private static object? Arg(string name, List<object?> args, int index, int count) =>
        args.Count == count ? args[index] : throw Arity(name, count);

    private static InvalidOperationException Arity(string name, int count) => new($"{name} takes {count} argument(s)");

    private static string Text(object? value) => GoValues.ToText(value);

    private static string Indent(long spaces, string text)
    {
        var pad = new string(' ', (int)spaces);
        return pad + text.Replace("\n", "\n" + pad, StringComparison.Ordinal);
    }

    private static string Quote(string text)
    {
        var escaped = new StringBuilder("\"");
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return escaped.Append('"').ToString();
    }

    private static string Truncate(long length, string text) =>
        length >= 0 && text.Length > length ? text[..(int)length] : text;

    private static string TrimSuffix(string suffix, string text) =>
        suffix.Length > 0 && text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text;

    /// <summary>Go's fmt verbs %s, %d, %v and %q; enough for names and labels.</summary>
    private static string Printf(string format, List<object?> args)
    {
        var output = new StringBuilder();
        var next = 0;
        for (var i = 0; i < format.Length; i++)
        {
            if (format[i] != '%' || i + 1 == format.Length)
            {
                output.Append(format[i]);
                continue;
            }

            var verb = format[++i];
            if (verb == '%')
            {
                output.Append('%');
                continue;
            }

            if (next >= args.Count)
            {
                throw new InvalidOperationException($"printf \"{format}\": too few arguments");
            }

            var arg = args[next++];
            output.Append(verb switch
            {
                's' or 'v' => Text(arg),
                'd' => GoValues.ToInteger(arg).ToString(CultureInfo.InvariantCulture),
                'q' => Quote(Text(arg)),
                _ => throw new InvalidOperationException($"printf verb %{verb} is not supported"),
            });
        }

        return next == args.Count ? output.ToString() : throw new InvalidOperationException($"printf \"{format}\": too many arguments");
    }
}
