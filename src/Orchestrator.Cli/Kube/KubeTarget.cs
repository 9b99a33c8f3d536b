namespace Orchestrator.Cli.Kube;

/// <summary>Which cluster to talk to, from the kubectl-style flags.</summary>
/// <param name="Kubeconfig">The <c>--kubeconfig</c> path; null means $KUBECONFIG, then ~/.kube/config, then in-cluster.</param>
/// <param name="Context">The <c>--context</c>; null means the kubeconfig's current context.</param>
public sealed record KubeTarget(string? Kubeconfig, string? Context);
