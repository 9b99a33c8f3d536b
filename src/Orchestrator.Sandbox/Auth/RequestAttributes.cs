namespace Orchestrator.Sandbox.Auth;

/// <summary>
/// What an authorizer is asked about one resource request (Kubernetes' authorizer.Attributes). <see cref="Name"/> is
/// also set for a list or watch whose field selector requires <c>metadata.name=X</c>, as the real API server does, so
/// that a rule with <c>resourceNames</c> can allow watching one object.
/// </summary>
internal sealed record RequestAttributes(string Verb, string Group, string Resource, string Subresource, string Namespace, string Name)
{
    public string ResourceWithSubresource => Subresource.Length == 0 ? Resource : Resource + "/" + Subresource;

    /// <summary>The real API server's wording: <c>cannot patch resource "pods" in API group "" in the namespace "default"</c>.</summary>
    public string Describe() =>
        $"cannot {Verb} resource \"{ResourceWithSubresource}\" in API group \"{Group}\" " +
        (Namespace.Length == 0 ? "at the cluster scope" : $"in the namespace \"{Namespace}\"");
}
