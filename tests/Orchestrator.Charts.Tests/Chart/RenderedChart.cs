namespace Orchestrator.Charts.Tests.Chart;

/// <summary>What <c>helm template</c> would print for one set of values.</summary>
internal sealed record RenderedChart(IReadOnlyList<RenderedManifest> Manifests, string Notes)
{
    public IEnumerable<Dictionary<string, object?>> Objects => Manifests.SelectMany(m => m.Objects);

    public IEnumerable<Dictionary<string, object?>> OfKind(string kind) => Objects.Where(o => Equals(o.GetValueOrDefault("kind"), kind));

    public Dictionary<string, object?> Single(string kind, string name) =>
        OfKind(kind).SingleOrDefault(o => Equals(ObjectPath.Get(o, "metadata.name"), name))
        ?? throw new KeyNotFoundException($"no {kind} {name} among: {string.Join(", ", Objects.Select(Describe))}");

    public static string Describe(Dictionary<string, object?> o) => $"{o.GetValueOrDefault("kind")}/{ObjectPath.Get(o, "metadata.name")}";
}
