namespace Orchestrator.Charts.Tests.Rbac;

/// <summary>What a role grants compared with what the controller declares it uses.</summary>
internal sealed record RbacDifference(IReadOnlyList<Permission> Missing, IReadOnlyList<Permission> Extra)
{
    public bool IsEmpty => Missing.Count == 0 && Extra.Count == 0;

    public override string ToString() =>
        string.Join("\n", Missing.Select(p => $"missing (the controller would get 403): {p}")
            .Concat(Extra.Select(p => $"extra (privilege creep, not declared in ControllerPermissions): {p}")));
}
