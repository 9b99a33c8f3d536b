namespace Orchestrator.Charts.Tests.Templating;

/// <summary>The name of a function, first in its command.</summary>
internal sealed record FunctionOperand(string Name) : Operand;
