using Orchestrator.Sandbox.Validation;

namespace Orchestrator.Sandbox.Resources;

/// <summary>One served resource (group, version, plural) and the behaviour the store needs to know about.</summary>
internal sealed record ResourceType
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    public required string Plural { get; init; }

    public required bool Namespaced { get; init; }

    public string Singular => Kind.ToLowerInvariant();

    public bool HasStatus { get; init; }

    /// <summary>Served from a CustomResourceDefinition (updates then need a resourceVersion, as for real custom resources).</summary>
    public bool IsCustom { get; init; }

    public bool TracksGeneration { get; init; }

    /// <summary>Strategic merge patch needs Go types with merge keys: built-ins only, never custom resources (Kueue's kinds are CRDs).</summary>
    public bool SupportsStrategicMergePatch => !IsCustom && Group != BuiltInResources.KueueGroup;

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Null means the built-in conversion in <see cref="Http.TableWriter"/>.</summary>
    public IReadOnlyList<PrinterColumn>? PrinterColumns { get; init; }

    /// <summary>Field selector keys accepted besides metadata.name and metadata.namespace.</summary>
    public IReadOnlyList<string> SelectableFields { get; init; } = [];

    public StructuralSchema? Schema { get; init; }

    /// <summary>Names are path segments (RBAC: <c>system:controller:x</c>), not DNS subdomains.</summary>
    public bool PathSegmentNames { get; init; }

    /// <summary>A review: only <c>create</c>, answered and never stored (SubjectAccessReview and friends).</summary>
    public bool CreateOnly { get; init; }

    /// <summary>The type objects of this one are stored as, when this is a served version converted on the fly.</summary>
    public ResourceType? StoredAs { get; init; }

    /// <summary>With <see cref="StoredAs"/>: how objects convert between this version and the stored one.</summary>
    public VersionConversion? Conversion { get; init; }

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>The name the API server uses in messages: "pods", "trainingruns.orchestrator.dev".</summary>
    /// <summary>The kind as the API server names it in errors (GroupKind.String()): <c>Job.batch</c>, <c>Pod</c>.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Identity of a stored collection: the same resource served in one version only.</summary>
    public string StorageKey => $"{Group}/{Plural}";

    public bool IsCore(string plural) => Group.Length == 0 && Plural == plural;
}
