using Orchestrator.Sandbox.Http;

namespace Orchestrator.Sandbox.Auth;

/// <summary>403 answers worded as the real API server words them (clients and people match on the shape).</summary>
internal static class Forbidden
{
    public static ApiException For(UserInfo user, RequestAttributes a)
    {
        var resource = a.Group.Length == 0 ? a.Resource : $"{a.Resource}.{a.Group}";
        var subject = a.Name.Length == 0 ? resource : $"{resource} \"{a.Name}\"";
        return new ApiException(403, "Forbidden", $"{subject} is forbidden: User \"{user.Name}\" {a.Describe()}", StatusObjects.Details(resource, a.Name));
    }

    public static ApiException ForPath(UserInfo user, string verb, string path) =>
        new(403, "Forbidden", $"forbidden: User \"{user.Name}\" cannot {verb} path \"{path}\"");
}
