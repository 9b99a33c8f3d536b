namespace Orchestrator.Charts.Tests.Templating;

/// <summary><c>{{ $x := pipeline }}</c> (declare) or <c>{{ $x = pipeline }}</c> (assign).</summary>
internal sealed record AssignNode(int Line, string Variable, bool Declare, Pipeline Pipeline) : Node(Line);
