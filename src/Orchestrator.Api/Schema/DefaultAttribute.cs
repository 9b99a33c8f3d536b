namespace Orchestrator.Api.Schema;

/// <summary>The value the CRD schema defaults a field to (an int, bool, string or enum; <see cref="Empty"/> for <c>{}</c>).</summary>
/// <remarks>Metadata for the CRD generator only; Core applies the same values from <see cref="Defaults"/>.</remarks>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultAttribute(object value) : Attribute
{
    /// <summary>Marks an object default of <c>{}</c>, so the API server also applies the defaults nested inside it.</summary>
    public const string Empty = "{}";

    public object Value { get; } = value;

    /// <summary>True to default a list to a one-item list holding <see cref="Value"/>.</summary>
    public bool AsList { get; init; }
}
