using k8s;
using k8s.Models;

namespace Orchestrator.Sandbox.Tests.Rbac;

/// <summary>Small builders for RBAC objects and ServiceAccount clients against a sandbox in RBAC mode.</summary>
internal static class RbacSandbox
{
    public static SandboxApiServer InMemory() => SandboxApiServer.CreateInMemory(new SandboxApiOptions { Authorization = AuthorizationMode.Rbac });

    public static V1PolicyRule Rule(string group, string resource, string[] verbs, params string[] names) => new()
    {
        ApiGroups = [group],
        Resources = [resource],
        Verbs = verbs,
        ResourceNames = names.Length == 0 ? null : names,
    };

    public static async Task GrantAsync(IKubernetes admin, string ns, string serviceAccount, params V1PolicyRule[] rules)
    {
        await admin.CoreV1.CreateNamespacedServiceAccountAsync(new V1ServiceAccount { Metadata = new V1ObjectMeta { Name = serviceAccount } }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleAsync(new V1Role { Metadata = new V1ObjectMeta { Name = serviceAccount }, Rules = rules }, ns);
        await admin.RbacAuthorizationV1.CreateNamespacedRoleBindingAsync(new V1RoleBinding
        {
            Metadata = new V1ObjectMeta { Name = serviceAccount },
            RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = serviceAccount },
            Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = serviceAccount }],
        }, ns);
    }

    public static Task<V1Pod> PodAsync(IKubernetes admin, string ns, string name) =>
        admin.CoreV1.CreateNamespacedPodAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "busybox" }] },
        }, ns);

    public static HttpClient HttpAs(SandboxApiServer server, string token)
    {
        var http = server.CreateAnonymousHttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>The message of a Status body.</summary>
    public static string Message(string statusJson) =>
        System.Text.Json.JsonDocument.Parse(statusJson).RootElement.GetProperty("message").GetString() ?? "";

    public static async Task<string> MessageAsync(HttpResponseMessage response) => Message(await response.Content.ReadAsStringAsync());

    public static V1Patch Annotate(string key, string value) =>
        new($"{{\"metadata\":{{\"annotations\":{{\"{key}\":\"{value}\"}}}}}}", V1Patch.PatchType.MergePatch);
}
