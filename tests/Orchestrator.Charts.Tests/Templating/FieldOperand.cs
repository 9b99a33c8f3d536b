namespace Orchestrator.Charts.Tests.Templating;

/// <summary><c>.</c>, <c>.A.B</c>, <c>$</c>, <c>$.A</c>, <c>$x</c> or <c>$x.A</c>: Variable is null for dot.</summary>
internal sealed record FieldOperand(string? Variable, IReadOnlyList<string> Fields) : Operand;
