namespace Orchestrator.Charts.Tests.Templating;

internal enum ExpressionTokenKind
{
    /// <summary>A field chain on dot (<c>.</c>, <c>.A.B</c>) or on a variable (<c>$</c>, <c>$x.A</c>).</summary>
    Field,
    Literal,
    Identifier,
    Pipe,
    OpenParen,
    CloseParen,
    Comma,
    Declare,
    Assign,
}
