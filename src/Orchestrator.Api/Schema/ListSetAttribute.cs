namespace Orchestrator.Api.Schema;

/// <summary>A list of unique scalars (<c>x-kubernetes-list-type: set</c>): the API server rejects duplicates.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;
