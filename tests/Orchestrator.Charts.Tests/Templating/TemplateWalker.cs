namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Every operand of a parsed template (inside parentheses too), with its line.</summary>
internal static class TemplateWalker
{
    public static IEnumerable<(int Line, Operand Operand)> Operands(ParsedTemplate template) =>
        template.Body.Concat(template.Defines.Values.SelectMany(d => d)).SelectMany(InNode);

    /// <summary>The <c>.Values.x</c> and <c>$.Values.x</c> chains.</summary>
    public static IEnumerable<ValuesReference> ValuesReferences(ParsedTemplate template) =>
        Operands(template)
            .Where(o => o.Operand is FieldOperand { Variable: null or "$", Fields: ["Values", ..] })
            .Select(o => new ValuesReference(template.File, o.Line, ((FieldOperand)o.Operand).Fields.Skip(1).ToList()));

    public static IEnumerable<(int Line, string Name)> Functions(ParsedTemplate template) =>
        Operands(template).Where(o => o.Operand is FunctionOperand).Select(o => (o.Line, ((FunctionOperand)o.Operand).Name));

    private static IEnumerable<(int Line, Operand Operand)> InNode(Node node)
    {
        var (pipelines, children) = node switch
        {
            OutputNode n => ([n.Pipeline], []),
            AssignNode n => ([n.Pipeline], []),
            IfNode n => (new[] { n.Condition }, n.Then.Concat(n.Else)),
            WithNode n => ([n.Value], n.Body.Concat(n.Else)),
            RangeNode n => ([n.Collection], n.Body.Concat(n.Else)),
            _ => (Array.Empty<Pipeline>(), Enumerable.Empty<Node>()),
        };
        return pipelines.SelectMany(InPipeline).Select(o => (node.Line, o)).Concat(children.SelectMany(InNode));
    }

    private static IEnumerable<Operand> InPipeline(Pipeline pipeline) =>
        pipeline.Commands.SelectMany(c => c.Arguments).SelectMany(a => a is PipelineOperand inner ? InPipeline(inner.Pipeline).Prepend(a) : [a]);
}
