namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A <c>.Values.a.b</c> chain in a template: the keys after Values, and where it is.</summary>
internal sealed record ValuesReference(string File, int Line, IReadOnlyList<string> Keys)
{
    public string Path => string.Join('.', Keys);
}
