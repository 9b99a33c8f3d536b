namespace Orchestrator.Api.Schema;

/// <summary>Longest string (or, on a list, most items) the CRD schema accepts; also bounds the cost of CEL rules.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MaxLengthAttribute(int value) : Attribute
{
    public int Value { get; } = value;
}
