using System.Collections;
using System.Text;

namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Renders parsed templates against a context; named templates from every file can be included.</summary>
internal sealed class TemplateEngine
{
    private const int MaxIncludeDepth = 64;

    private readonly Dictionary<string, (string File, IReadOnlyList<Node> Body)> _defines = new(StringComparer.Ordinal);
    private int _includeDepth;

    public TemplateEngine(IEnumerable<ParsedTemplate> templates)
    {
        foreach (var template in templates)
        {
            foreach (var (name, body) in template.Defines)
            {
                _defines[name] = (template.File, body);
            }
        }
    }

    public string Render(ParsedTemplate template, object? context)
    {
        var output = new StringBuilder();
        RenderList(template.File, template.Body, context, context, new Scope(null), output);
        return output.ToString();
    }

    public string Include(string name, object? context)
    {
        if (!_defines.TryGetValue(name, out var define))
        {
            throw new InvalidOperationException($"include of undefined template \"{name}\"");
        }

        if (++_includeDepth > MaxIncludeDepth)
        {
            throw new InvalidOperationException($"include \"{name}\" nests deeper than {MaxIncludeDepth}");
        }

        try
        {
            var output = new StringBuilder();
            RenderList(define.File, define.Body, context, context, new Scope(null), output);
            return output.ToString();
        }
        finally
        {
            _includeDepth--;
        }
    }

    private void RenderList(string file, IReadOnlyList<Node> nodes, object? dot, object? root, Scope scope, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            try
            {
                RenderNode(file, node, dot, root, scope, output);
            }
            catch (InvalidOperationException e)
            {
                throw new TemplateException(file, node.Line, e.Message);
            }
        }
    }

    private void RenderNode(string file, Node node, object? dot, object? root, Scope scope, StringBuilder output)
    {
        switch (node)
        {
            case TextNode text:
                output.Append(text.Text);
                break;
            case OutputNode print:
                output.Append(GoValues.ToText(Evaluate(print.Pipeline, dot, root, scope)));
                break;
            case AssignNode assign:
                var assigned = Evaluate(assign.Pipeline, dot, root, scope);
                if (assign.Declare)
                {
                    scope.Declare(assign.Variable, assigned);
                }
                else if (!scope.TryAssign(assign.Variable, assigned))
                {
                    throw new InvalidOperationException($"undefined variable {assign.Variable}");
                }

                break;
            case IfNode branch:
                var chosen = GoValues.IsTrue(Evaluate(branch.Condition, dot, root, scope)) ? branch.Then : branch.Else;
                RenderList(file, chosen, dot, root, new Scope(scope), output);
                break;
            case WithNode with:
                var value = Evaluate(with.Value, dot, root, scope);
                if (GoValues.IsTrue(value))
                {
                    RenderList(file, with.Body, value, root, new Scope(scope), output);
                }
                else
                {
                    RenderList(file, with.Else, dot, root, new Scope(scope), output);
                }

                break;
            case RangeNode range:
                RenderRange(file, range, dot, root, scope, output);
                break;
            default:
                throw new InvalidOperationException($"unknown node {node.GetType().Name}");
        }
    }

    private void RenderRange(string file, RangeNode range, object? dot, object? root, Scope scope, StringBuilder output)
    {
        var collection = Evaluate(range.Collection, dot, root, scope);
        IEnumerable<(object? Key, object? Value)> items = collection switch
        {
            null => [],
            IDictionary<string, object?> map => map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => ((object?)p.Key, p.Value)),
            IList list => list.Cast<object?>().Select((v, i) => ((object?)(long)i, v)),
            _ => throw new InvalidOperationException($"range over '{GoValues.ToText(collection)}', which is not a list or map"),
        };
        var any = false;
        foreach (var (key, value) in items)
        {
            any = true;
            var inner = new Scope(scope);
            if (range.KeyVariable is not null)
            {
                inner.Declare(range.KeyVariable, key);
            }

            if (range.ValueVariable is not null)
            {
                inner.Declare(range.ValueVariable, value);
            }

            RenderList(file, range.Body, value, root, inner, output);
        }

        if (!any)
        {
            RenderList(file, range.Else, dot, root, new Scope(scope), output);
        }
    }

    private object? Evaluate(Pipeline pipeline, object? dot, object? root, Scope scope)
    {
        object? piped = null;
        var first = true;
        foreach (var command in pipeline.Commands)
        {
            piped = EvaluateCommand(command, dot, root, scope, first ? null : new[] { piped });
            first = false;
        }

        return piped;
    }

    private object? EvaluateCommand(Command command, object? dot, object? root, Scope scope, object?[]? piped)
    {
        if (command.Arguments[0] is FunctionOperand function)
        {
            var arguments = command.Arguments.Skip(1).Select(a => EvaluateOperand(a, dot, root, scope)).ToList();
            if (piped is not null)
            {
                arguments.AddRange(piped);
            }

            return TemplateFunctions.Call(this, function.Name, arguments);
        }

        if (command.Arguments.Count > 1 || piped is not null)
        {
            throw new InvalidOperationException("arguments given to a value that is not a function");
        }

        return EvaluateOperand(command.Arguments[0], dot, root, scope);
    }

    private object? EvaluateOperand(Operand operand, object? dot, object? root, Scope scope) => operand switch
    {
        LiteralOperand literal => literal.Value,
        PipelineOperand inner => Evaluate(inner.Pipeline, dot, root, scope),
        FieldOperand field => Walk(field, StartOf(field, dot, root, scope)),
        FunctionOperand function => TemplateFunctions.Call(this, function.Name, []),
        _ => throw new InvalidOperationException($"unknown operand {operand}"),
    };

    private static object? StartOf(FieldOperand field, object? dot, object? root, Scope scope)
    {
        if (field.Variable is null)
        {
            return dot;
        }

        if (field.Variable == "$")
        {
            return root;
        }

        return scope.TryGet(field.Variable, out var value) ? value : throw new InvalidOperationException($"undefined variable {field.Variable}");
    }

    private static object? Walk(FieldOperand field, object? start)
    {
        var value = start;
        var path = field.Variable ?? "";
        foreach (var name in field.Fields)
        {
            path += "." + name;
            value = value switch
            {
                null => throw new InvalidOperationException($"nil pointer evaluating {path}"),
                IDictionary<string, object?> map => map.TryGetValue(name, out var child) ? child : null,
                _ => throw new InvalidOperationException($"can't evaluate field {name} in {path}: not a map"),
            };
        }

        return value;
    }
}
