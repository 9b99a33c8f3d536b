using System.Net;
using k8s.Autorest;

namespace Orchestrator.Sandbox.Workloads.Watching;

internal static class ApiErrors
{
    public static bool IsNotFound(Exception ex) => StatusOf(ex) == HttpStatusCode.NotFound;

    public static bool IsConflict(Exception ex) => StatusOf(ex) == HttpStatusCode.Conflict;

    public static HttpStatusCode? StatusOf(Exception ex) => ex is HttpOperationException http ? http.Response?.StatusCode : null;
}
