namespace Orchestrator.Charts.Tests.Templating;

/// <summary><c>if</c> / <c>else if</c> / <c>else</c> / <c>end</c>; an <c>else if</c> is an IfNode alone in Else.</summary>
internal sealed record IfNode(int Line, Pipeline Condition, IReadOnlyList<Node> Then, IReadOnlyList<Node> Else) : Node(Line);
