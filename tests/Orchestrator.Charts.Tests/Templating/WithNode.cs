namespace Orchestrator.Charts.Tests.Templating;

/// <summary><c>with</c>: the body runs with dot set to the value when it is not empty.</summary>
internal sealed record WithNode(int Line, Pipeline Value, IReadOnlyList<Node> Body, IReadOnlyList<Node> Else) : Node(Line);
