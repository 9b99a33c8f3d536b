namespace Orchestrator.Charts.Tests.Templating;

/// <summary>One template file: its body and the named templates it defines.</summary>
internal sealed record ParsedTemplate(string File, IReadOnlyList<Node> Body, IReadOnlyDictionary<string, IReadOnlyList<Node>> Defines);
