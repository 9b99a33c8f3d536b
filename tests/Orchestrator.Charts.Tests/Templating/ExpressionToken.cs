namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A lexical element inside an action.</summary>
internal sealed record ExpressionToken(ExpressionTokenKind Kind, string Text, object? Value = null);
