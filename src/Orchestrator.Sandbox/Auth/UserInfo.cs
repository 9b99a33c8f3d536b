namespace Orchestrator.Sandbox.Auth;

/// <summary>An authenticated (or anonymous) requester, as the API server's authenticators produce it.</summary>
internal sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public const string Masters = "system:masters";
    public const string Authenticated = "system:authenticated";
    public const string ServiceAccountPrefix = "system:serviceaccount:";

    /// <summary>The user of the kubeconfig the sandbox writes, like kind's kubernetes-admin.</summary>
    public static UserInfo Admin { get; } = new("sandbox-admin", [Masters, Authenticated]);

    public static UserInfo Anonymous { get; } = new("system:anonymous", ["system:unauthenticated"]);

    public bool IsAnonymous => Name == Anonymous.Name;

    public bool IsMaster => Groups.Contains(Masters);

    /// <summary>A ServiceAccount's user name and groups, as the token authenticator gives them.</summary>
    public static UserInfo ForServiceAccount(string ns, string name) =>
        new(ServiceAccountPrefix + ns + ":" + name, ["system:serviceaccounts", "system:serviceaccounts:" + ns, Authenticated]);

    /// <summary>(namespace, name) when this is a ServiceAccount user.</summary>
    public (string Namespace, string Name)? ServiceAccount =>
        Name.StartsWith(ServiceAccountPrefix, StringComparison.Ordinal) && Name[ServiceAccountPrefix.Length..].Split(':') is [var ns, var sa]
            ? (ns, sa)
            : null;

    public override string ToString() => Name;
}
