namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A function and its arguments, or a single value.</summary>
internal sealed record Command(IReadOnlyList<Operand> Arguments);
