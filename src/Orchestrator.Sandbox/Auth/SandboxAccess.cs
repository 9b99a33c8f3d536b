using System.Globalization;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Http;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Auth;

/// <summary>
/// The API server's authentication, authorization and RBAC admission in one place, so that the request handler
/// only asks. In <see cref="AuthorizationMode.AlwaysAllow"/> everyone is the admin and every check passes.
/// </summary>
internal sealed class SandboxAccess
{
    public const string AdminToken = "sandbox";
    private const string UserKey = "sandbox.user";

    private readonly AuthorizationMode _mode;
    private readonly ServiceAccountTokens _tokens;
    private readonly RbacAuthorizer _authorizer;
    private readonly RequestAuthenticator _authenticator;

    public SandboxAccess(AuthorizationMode mode, ObjectStore store, TimeProvider time)
    {
        _mode = mode;
        _tokens = new ServiceAccountTokens(store, time);
        _authorizer = new RbacAuthorizer(store);
        _authenticator = new RequestAuthenticator(AdminToken, _tokens, _authorizer);
    }

    public bool Enforcing => _mode == AuthorizationMode.Rbac;

    public void Authenticate(HttpContext ctx) =>
        ctx.Items[UserKey] = Enforcing ? _authenticator.Authenticate(ctx) : UserInfo.Admin;

    public static UserInfo UserOf(HttpContext ctx) => ctx.Items[UserKey] as UserInfo ?? UserInfo.Anonymous;

    public void AuthorizePath(HttpContext ctx, string path)
    {
        var user = UserOf(ctx);
        var verb = ctx.Request.Method.ToLowerInvariant();
        if (Enforcing && !_authorizer.AllowsPath(user, verb, path))
        {
            throw Forbidden.ForPath(user, verb, path);
        }
    }

    public void Authorize(HttpContext ctx, string verb, ResourceRequest r)
    {
        if (!Enforcing)
        {
            return;
        }

        var name = r.Name ?? (verb is "list" or "watch" ? NameFromFieldSelector(ctx.Request.Query["fieldSelector"].ToString()) : null) ?? "";
        var attributes = new RequestAttributes(verb, r.Type.Group, r.Type.Plural, r.Subresource ?? "", r.NamespaceOrEmpty, name);
        var user = UserOf(ctx);
        if (!_authorizer.Allows(user, attributes))
        {
            throw Forbidden.For(user, attributes);
        }
    }

    /// <summary>
    /// RBAC's escalation prevention, as the real API server's RBAC storage applies it: a Role or ClusterRole can be
    /// written only by someone who holds every permission it grants (or may <c>escalate</c>), and a binding only by
    /// someone who may <c>bind</c> its role or holds every permission of that role.
    /// </summary>
    public void CheckGrant(HttpContext ctx, ResourceType type, string ns, JsonObject obj)
    {
        if (!Enforcing || UserOf(ctx) is { IsMaster: true })
        {
            return;
        }

        var user = UserOf(ctx);
        var name = JsonNodes.String(obj["metadata"], "name") ?? "";
        IReadOnlyList<PolicyRule>? granted;
        if (type == BuiltInResources.Roles || type == BuiltInResources.ClusterRoles)
        {
            if (_authorizer.Allows(user, new RequestAttributes("escalate", type.Group, type.Plural, "", ns, name)))
            {
                return;
            }

            granted = PolicyRule.ReadRules(obj);
        }
        else if (type == BuiltInResources.RoleBindings || type == BuiltInResources.ClusterRoleBindings)
        {
            var (kind, roleName) = RbacAuthorizer.RoleRef(obj);
            var roleType = kind == "Role" ? BuiltInResources.Roles : BuiltInResources.ClusterRoles;
            if (_authorizer.Allows(user, new RequestAttributes("bind", roleType.Group, roleType.Plural, "", kind == "Role" ? ns : ns, roleName)))
            {
                return;
            }

            granted = _authorizer.RulesOfRef(obj, ns)
                ?? throw new ApiException(403, "Forbidden", $"{type.QualifiedName} \"{name}\" is forbidden: user \"{user.Name}\" cannot bind {kind} \"{roleName}\", which does not exist");
        }
        else
        {
            return;
        }

        var held = _authorizer.RulesFor(user, ns).ToList();
        var missing = granted.Where(rule => rule.Breakdown(ns).Any(a => !held.Any(h => h.Allows(a)))).ToList();
        if (missing.Count > 0)
        {
            var text = string.Join("\n", missing.Select(m =>
                $"{{APIGroups:[{Quoted(m.ApiGroups)}], Resources:[{Quoted(m.Resources)}]{(m.ResourceNames.Count > 0 ? $", ResourceNames:[{Quoted(m.ResourceNames)}]" : "")}, Verbs:[{Quoted(m.Verbs)}]}}"));
            throw new ApiException(403, "Forbidden",
                $"{type.QualifiedName} \"{name}\" is forbidden: user \"{user.Name}\" (groups=[{Quoted(user.Groups)}]) is attempting to grant RBAC permissions not currently held:\n{text}",
                StatusObjects.Details(type.QualifiedName, name));
        }
    }

    /// <summary>Answers a SelfSubjectAccessReview, SubjectAccessReview or LocalSubjectAccessReview (status.allowed).</summary>
    public JsonObject Review(HttpContext ctx, ResourceType type, string ns, JsonObject body)
    {
        var spec = body["spec"] as JsonObject ?? throw ApiException.Invalid(type.Kind, type.QualifiedName, "", [FieldError.Required("spec")]);
        var subject = type == BuiltInResources.SelfSubjectAccessReviews
            ? UserOf(ctx)
            : new UserInfo(JsonNodes.String(spec, "user") ?? "", spec["groups"] is JsonArray g ? [.. g.Select(x => x?.GetValue<string>() ?? "")] : []);
        bool allowed;
        if (spec["resourceAttributes"] is JsonObject ra)
        {
            var attributes = new RequestAttributes(
                JsonNodes.String(ra, "verb") ?? "", JsonNodes.String(ra, "group") ?? "", JsonNodes.String(ra, "resource") ?? "",
                JsonNodes.String(ra, "subresource") ?? "", type.Namespaced ? ns : JsonNodes.String(ra, "namespace") ?? "", JsonNodes.String(ra, "name") ?? "");
            allowed = !Enforcing || _authorizer.Allows(subject, attributes);
        }
        else if (spec["nonResourceAttributes"] is JsonObject na)
        {
            allowed = !Enforcing || _authorizer.AllowsPath(subject, JsonNodes.String(na, "verb") ?? "", JsonNodes.String(na, "path") ?? "");
        }
        else
        {
            throw ApiException.Invalid(type.Kind, type.QualifiedName, "", [FieldError.Required("spec.resourceAttributes")]);
        }

        var answer = body.DeepClone().AsObject();
        answer["kind"] = type.Kind;
        answer["apiVersion"] = type.ApiVersion;
        answer["metadata"] ??= new JsonObject();
        answer["status"] = allowed
            ? new JsonObject { ["allowed"] = true, ["reason"] = Enforcing ? "allowed by the sandbox's RBAC" : "the sandbox allows everything (AuthorizationMode.AlwaysAllow)" }
            : new JsonObject { ["allowed"] = false };
        return answer;
    }

    /// <summary>The TokenRequest API: a token for a ServiceAccount, optionally bound to a pod (the kubelet's projected token).</summary>
    public JsonObject RequestToken(string ns, string serviceAccount, JsonObject body, TimeProvider time)
    {
        if (!_tokens.ServiceAccountExists(ns, serviceAccount))
        {
            throw ApiException.NotFound("serviceaccounts", serviceAccount);
        }

        var spec = body["spec"] as JsonObject ?? [];
        var seconds = spec["expirationSeconds"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : 3600;
        if (seconds < 600)
        {
            throw ApiException.Invalid("TokenRequest", "serviceaccounts", serviceAccount, [FieldError.Invalid("spec.expirationSeconds", seconds.ToString(CultureInfo.InvariantCulture), "may not specify a duration less than 10 minutes")]);
        }

        var bound = spec["boundObjectRef"] as JsonObject;
        var podName = JsonNodes.String(bound, "kind") == "Pod" ? JsonNodes.String(bound, "name") : null;
        // --service-account-extend-token-expiration (on by default): the kubelet's 3607 s request for a pod-bound
        // token is honoured for a year, so that clients which never re-read the file keep working.
        var lifetime = podName is not null && seconds == Workloads.Kubelet.ServiceAccountMount.KubeletTokenSeconds ? TimeSpan.FromDays(365) : TimeSpan.FromSeconds(seconds);
        var (token, expires) = _tokens.Issue(ns, serviceAccount, podName, podName is null ? null : JsonNodes.String(bound, "uid"), lifetime);
        var answer = body.DeepClone().AsObject();
        answer["kind"] = "TokenRequest";
        answer["apiVersion"] = "authentication.k8s.io/v1";
        answer["metadata"] = new JsonObject { ["name"] = serviceAccount, ["namespace"] = ns, ["creationTimestamp"] = JsonNodes.Timestamp(time.GetUtcNow()) };
        answer["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = JsonNodes.Timestamp(expires) };
        return answer;
    }

    /// <summary>The name a list or watch selects with exactly <c>metadata.name=X</c> (or <c>==</c>) among its terms, as RequiresExactMatch finds it.</summary>
    internal static string? NameFromFieldSelector(string selector)
    {
        string? found = null;
        foreach (var term in selector.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (key, op, value) = term.Contains("!=", StringComparison.Ordinal) ? (term[..term.IndexOf("!=", StringComparison.Ordinal)], "!=", "")
                : term.Contains("==", StringComparison.Ordinal) ? (term[..term.IndexOf("==", StringComparison.Ordinal)], "==", term[(term.IndexOf("==", StringComparison.Ordinal) + 2)..])
                : term.Contains('=', StringComparison.Ordinal) ? (term[..term.IndexOf('=', StringComparison.Ordinal)], "=", term[(term.IndexOf('=', StringComparison.Ordinal) + 1)..])
                : (term, "", "");
            if (key.Trim() != "metadata.name")
            {
                continue;
            }

            if (op == "!=" || found is not null)
            {
                return null;
            }

            found = value.Trim();
        }

        return string.IsNullOrEmpty(found) || found is "." or ".." || found.IndexOfAny(['/', '%']) >= 0 ? null : found;
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(" ", values.Select(v => $"\"{v}\""));
}
