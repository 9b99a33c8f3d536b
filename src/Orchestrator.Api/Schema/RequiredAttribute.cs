namespace Orchestrator.Api.Schema;

/// <summary>The field is listed in its parent's <c>required</c> in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
