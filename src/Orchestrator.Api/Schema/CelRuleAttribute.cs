namespace Orchestrator.Api.Schema;

/// <summary>
/// An <c>x-kubernetes-validations</c> rule (CEL) on the schema of a type or property, for what a
/// structural schema cannot say (cross-field rules, durations). <c>self</c> is the annotated value.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;

    /// <summary>Where the API server reports a failure, relative to <c>self</c> (for example <c>.deadline</c>).</summary>
    public string? FieldPath { get; init; }
}
