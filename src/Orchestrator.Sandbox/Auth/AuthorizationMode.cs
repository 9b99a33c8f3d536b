namespace Orchestrator.Sandbox;

/// <summary>How the sandbox's API server decides who may do what (docs/sandbox.md, Authentication and RBAC).</summary>
public enum AuthorizationMode
{
    /// <summary>
    /// Every request acts as the cluster admin, whatever credentials it carries: the quick-start mode
    /// (<c>trainctl demo</c>, most tests). Access reviews answer allowed.
    /// </summary>
    AlwaysAllow,

    /// <summary>
    /// As a real cluster with <c>--authorization-mode=RBAC</c>: bearer tokens are authenticated (the admin token of
    /// the kubeconfig, or ServiceAccount tokens from the TokenRequest API), and requests are checked against the
    /// Roles, ClusterRoles and bindings applied to the sandbox.
    /// </summary>
    Rbac,
}
