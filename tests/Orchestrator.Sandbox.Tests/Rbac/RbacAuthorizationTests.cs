using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using static Orchestrator.Sandbox.Tests.Rbac.RbacSandbox;

namespace Orchestrator.Sandbox.Tests.Rbac;

/// <summary>
/// The sandbox in RBAC mode authenticates bearer tokens and authorises as a real API server: what no Role allows is
/// 403 with the real wording, <c>resourceNames</c> limits a watch only through a <c>metadata.name</c> field selector,
/// and nobody grants what they do not hold.
/// </summary>
public sealed class RbacAuthorizationTests : IAsyncLifetime
{
    private SandboxApiServer _server = null!;
    private IKubernetes _admin = null!;

    public Task InitializeAsync()
    {
        _server = InMemory();
        _admin = _server.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task A_service_account_without_a_role_gets_403_watching_and_patching_its_pod()
    {
        await _admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = "agent" } }, "default");
        await PodAsync(_admin, "default", "worker-0");
        using var http = HttpAs(_server, _server.IssueToken("default", "agent"));
        using var agent = _server.CreateClient(_server.IssueToken("default", "agent"));

        using var watch = await http.GetAsync("/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dworker-0", HttpCompletionOption.ResponseHeadersRead);
        var patch = await Assert.ThrowsAsync<HttpOperationException>(() => agent.CoreV1.PatchNamespacedPodAsync(Annotate("a", "b"), "worker-0", "default"));

        Assert.Equal(HttpStatusCode.Forbidden, watch.StatusCode);
        Assert.Contains("pods \"worker-0\" is forbidden: User \"system:serviceaccount:default:agent\" cannot watch resource \"pods\" in API group \"\" in the namespace \"default\"", await MessageAsync(watch), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, patch.Response.StatusCode);
        Assert.Contains("cannot patch resource \"pods\"", Message(patch.Response.Content), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resource_names_allow_a_watch_only_through_a_metadata_name_field_selector()
    {
        await GrantAsync(_admin, "default", "agent", Rule("", "pods", ["watch", "patch"], "worker-0"));
        await PodAsync(_admin, "default", "worker-0");
        await PodAsync(_admin, "default", "worker-1");
        var token = _server.IssueToken("default", "agent");
        using var http = HttpAs(_server, token);
        using var agent = _server.CreateClient(token);

        using var selected = await http.GetAsync("/api/v1/namespaces/default/pods?watch=true&fieldSelector=metadata.name%3Dworker-0", HttpCompletionOption.ResponseHeadersRead);
        using var everything = await http.GetAsync("/api/v1/namespaces/default/pods?watch=true", HttpCompletionOption.ResponseHeadersRead);
        await agent.CoreV1.PatchNamespacedPodAsync(Annotate("a", "b"), "worker-0", "default");
        var other = await Assert.ThrowsAsync<HttpOperationException>(() => agent.CoreV1.PatchNamespacedPodAsync(Annotate("a", "b"), "worker-1", "default"));

        Assert.Equal(HttpStatusCode.OK, selected.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, everything.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.Response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_token_is_401_and_no_token_is_anonymous()
    {
        using var stranger = HttpAs(_server, "not-a-token");
        using var anonymous = _server.CreateAnonymousHttpClient();

        var unknown = await stranger.GetAsync("/api/v1/namespaces/default/pods");
        var anonymousList = await anonymous.GetAsync("/api/v1/namespaces/default/pods");
        var anonymousVersion = await anonymous.GetAsync("/version");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, anonymousList.StatusCode);
        Assert.Contains("User \"system:anonymous\" cannot list resource \"pods\"", await MessageAsync(anonymousList), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, anonymousVersion.StatusCode);
    }

    [Fact]
    public async Task A_token_bound_to_a_pod_stops_working_once_the_pod_is_gone()
    {
        await GrantAsync(_admin, "default", "agent", Rule("", "configmaps", ["list"]));
        var pod = await PodAsync(_admin, "default", "bound");
        var issued = await _admin.CoreV1.CreateNamespacedServiceAccountTokenAsync(new Authenticationv1TokenRequest
        {
            Spec = new V1TokenRequestSpec { Audiences = [], ExpirationSeconds = 3607, BoundObjectRef = new V1BoundObjectReference { ApiVersion = "v1", Kind = "Pod", Name = "bound", Uid = pod.Metadata.Uid } },
        }, "agent", "default");
        using var http = HttpAs(_server, issued.Status.Token);

        var whileThere = await http.GetAsync("/api/v1/namespaces/default/configmaps");
        await _admin.CoreV1.DeleteNamespacedPodAsync("bound", "default", gracePeriodSeconds: 0);
        var afterwards = await http.GetAsync("/api/v1/namespaces/default/configmaps");

        Assert.Equal(HttpStatusCode.OK, whileThere.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterwards.StatusCode);
    }

    [Fact]
    public async Task Nobody_grants_permissions_they_do_not_hold_unless_they_may_bind_or_escalate()
    {
        await GrantAsync(_admin, "default", "granter",
            Rule("rbac.authorization.k8s.io", "roles", ["create"]),
            Rule("rbac.authorization.k8s.io", "rolebindings", ["create"]),
            Rule("", "pods", ["watch"]));
        using var granter = _server.CreateClient(_server.IssueToken("default", "granter"));
        var watchOnly = new V1Role { Metadata = new V1ObjectMeta { Name = "watch-only" }, Rules = [Rule("", "pods", ["watch"])] };
        var patching = new V1Role { Metadata = new V1ObjectMeta { Name = "patching" }, Rules = [Rule("", "pods", ["watch", "patch"])] };

        await granter.RbacAuthorizationV1.CreateNamespacedRoleAsync(watchOnly, "default");
        var escalation = await Assert.ThrowsAsync<HttpOperationException>(() => granter.RbacAuthorizationV1.CreateNamespacedRoleAsync(patching, "default"));
        await _admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(patching, "default");
        var binding = await Assert.ThrowsAsync<HttpOperationException>(() => granter.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = "patching" },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "patching" },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = "granter" }],
        }, "default"));

        Assert.Equal(HttpStatusCode.Forbidden, escalation.Response.StatusCode);
        Assert.Contains("is attempting to grant RBAC permissions not currently held", Message(escalation.Response.Content), StringComparison.Ordinal);
        Assert.Contains("Verbs:[\"watch\" \"patch\"]", Message(escalation.Response.Content), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, binding.Response.StatusCode);
    }

    [Fact]
    public async Task The_admin_may_impersonate_and_a_service_account_may_not()
    {
        await GrantAsync(_admin, "default", "agent", Rule("", "pods", ["list"]));
        using var asAgent = _server.CreateHttpClient();
        asAgent.DefaultRequestHeaders.Add("Impersonate-User", "system:serviceaccount:default:agent");
        using var agentImpersonating = HttpAs(_server, _server.IssueToken("default", "agent"));
        agentImpersonating.DefaultRequestHeaders.Add("Impersonate-User", "sandbox-admin");

        var pods = await asAgent.GetAsync("/api/v1/namespaces/default/pods");
        var secrets = await asAgent.GetAsync("/api/v1/namespaces/default/secrets");
        var escalated = await agentImpersonating.GetAsync("/api/v1/namespaces/default/pods");

        Assert.Equal(HttpStatusCode.OK, pods.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, secrets.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, escalated.StatusCode);
        Assert.Contains("cannot impersonate resource \"users\"", await MessageAsync(escalated), StringComparison.Ordinal);
    }
}
