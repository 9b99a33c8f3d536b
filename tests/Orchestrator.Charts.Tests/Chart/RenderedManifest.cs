namespace Orchestrator.Charts.Tests.Chart;

/// <summary>One template's output and the objects in it.</summary>
internal sealed record RenderedManifest(string File, string Text, IReadOnlyList<Dictionary<string, object?>> Objects);
