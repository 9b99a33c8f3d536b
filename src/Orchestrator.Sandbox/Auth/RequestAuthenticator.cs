using Orchestrator.Sandbox.Http;

namespace Orchestrator.Sandbox.Auth;

/// <summary>
/// Who sent a request: a bearer token (the kubeconfig's admin token, or a ServiceAccount token) or nobody
/// (<c>system:anonymous</c>); a token the server does not know is 401, as on a real cluster. Then impersonation
/// (<c>Impersonate-User</c>, <c>Impersonate-Group</c>: what <c>kubectl --as</c> sends), allowed only to a requester
/// RBAC lets <c>impersonate</c> that user, ServiceAccount or group.
/// </summary>
internal sealed class RequestAuthenticator(string adminToken, ServiceAccountTokens tokens, RbacAuthorizer authorizer)
{
    public UserInfo Authenticate(HttpContext ctx)
    {
        var user = FromToken(ctx);
        return Impersonated(ctx, user) ?? user;
    }

    private UserInfo FromToken(HttpContext ctx)
    {
        var header = ctx.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return UserInfo.Anonymous;
        }

        const string bearer = "Bearer ";
        var token = header.StartsWith(bearer, StringComparison.OrdinalIgnoreCase) ? header[bearer.Length..].Trim() : "";
        if (token == adminToken)
        {
            return UserInfo.Admin;
        }

        return tokens.Authenticate(token) ?? throw Unauthorized();
    }

    private UserInfo? Impersonated(HttpContext ctx, UserInfo requester)
    {
        var name = ctx.Request.Headers["Impersonate-User"].ToString();
        var groups = ctx.Request.Headers["Impersonate-Group"].Where(g => !string.IsNullOrEmpty(g)).Select(g => g!).ToList();
        if (name.Length == 0)
        {
            return groups.Count > 0 ? throw ApiException.BadRequest("requested Impersonate-Group without Impersonate-User") : null;
        }

        var serviceAccount = new UserInfo(name, []).ServiceAccount;
        var target = serviceAccount is var (saNs, saName)
            ? new RequestAttributes("impersonate", "", "serviceaccounts", "", saNs, saName)
            : new RequestAttributes("impersonate", "", "users", "", "", name);
        Require(requester, target);
        foreach (var group in groups)
        {
            Require(requester, new RequestAttributes("impersonate", "", "groups", "", "", group));
        }

        if (groups.Count == 0)
        {
            return serviceAccount is var (ns, sa) ? UserInfo.ForServiceAccount(ns, sa) : new UserInfo(name, [UserInfo.Authenticated]);
        }

        return new UserInfo(name, [.. groups, .. groups.Contains(UserInfo.Authenticated) ? Array.Empty<string>() : [UserInfo.Authenticated]]);
    }

    private void Require(UserInfo requester, RequestAttributes attributes)
    {
        if (!authorizer.Allows(requester, attributes))
        {
            throw Forbidden.For(requester, attributes);
        }
    }

    private static ApiException Unauthorized() => new(401, "Unauthorized", "Unauthorized");
}
