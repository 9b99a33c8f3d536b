namespace Orchestrator.Api.Schema;

/// <summary>Inclusive lower bound of a number in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class MinimumAttribute(double value) : Attribute
{
    public double Value { get; } = value;
}
