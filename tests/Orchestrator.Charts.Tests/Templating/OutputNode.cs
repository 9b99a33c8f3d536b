namespace Orchestrator.Charts.Tests.Templating;

/// <summary><c>{{ pipeline }}</c>: the pipeline's value, printed.</summary>
internal sealed record OutputNode(int Line, Pipeline Pipeline) : Node(Line);
