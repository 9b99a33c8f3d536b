namespace Orchestrator.Api.Schema;

/// <summary>A regular expression (ECMA-262, as the API server reads it) a string must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string value) : Attribute
{
    public string Value { get; } = value;
}
