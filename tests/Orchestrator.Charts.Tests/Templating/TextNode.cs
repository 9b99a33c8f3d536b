namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Literal text, written as is.</summary>
internal sealed record TextNode(int Line, string Text) : Node(Line);
