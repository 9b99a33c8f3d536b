namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Commands joined by <c>|</c>: each command's value is passed as the last argument of the next.</summary>
internal sealed record Pipeline(IReadOnlyList<Command> Commands);
