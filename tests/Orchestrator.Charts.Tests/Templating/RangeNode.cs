namespace Orchestrator.Charts.Tests.Templating;

/// <summary><c>range</c> over a list (index, element) or a map (key, value, keys sorted).</summary>
internal sealed record RangeNode(int Line, string? KeyVariable, string? ValueVariable, Pipeline Collection, IReadOnlyList<Node> Body, IReadOnlyList<Node> Else) : Node(Line);
