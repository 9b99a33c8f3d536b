namespace Orchestrator.Charts.Tests.Rbac;

/// <summary>One verb on one resource of one API group ("" is the core group).</summary>
internal sealed record Permission(string ApiGroup, string Resource, string Verb)
{
    public override string ToString() => $"{(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource} {Verb}";
}
