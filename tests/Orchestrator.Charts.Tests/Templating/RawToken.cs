namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Literal text, or the inside of one <c>{{ }}</c> action (trim markers removed).</summary>
internal sealed record RawToken(bool IsAction, string Text, int Line);
