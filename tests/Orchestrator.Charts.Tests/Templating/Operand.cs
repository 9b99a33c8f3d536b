namespace Orchestrator.Charts.Tests.Templating;

/// <summary>One argument of a command.</summary>
internal abstract record Operand;
