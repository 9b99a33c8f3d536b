namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A string, number, boolean or nil constant.</summary>
internal sealed record LiteralOperand(object? Value) : Operand;
