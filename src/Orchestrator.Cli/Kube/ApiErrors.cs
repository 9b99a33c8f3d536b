using System.Net;
using System.Net.Sockets;
using k8s.Autorest;

namespace Orchestrator.Cli.Kube;

/// <summary>Turns client exceptions into one-line <see cref="CliException"/>s, by HTTP status code, never by message text.</summary>
public static class ApiErrors
{
    /// <param name="server">The API server, named when it cannot be reached.</param>
    /// <param name="what">The object, e.g. <c>trainingrun "x"</c>: messages read <c>trainingrun "x" not found in namespace "ml"</c>.</param>
    /// <param name="call">The request.</param>
    /// <param name="where">Appended after the verdict, e.g. <c> in namespace "ml"</c>.</param>
    public static async Task<T> Call<T>(Uri? server, string what, Func<Task<T>> call, string where = "")
    {
        try
        {
            return await call();
        }
        catch (HttpOperationException e)
        {
            throw Translate(e, what, where);
        }
        catch (HttpRequestException e)
        {
            throw Unreachable(server, e);
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            throw new CliException(ExitCodes.Unreachable, $"the API server at {server} did not answer in time", e);
        }
    }

    public static Task Call(Uri? server, string what, Func<Task> call, string where = "") =>
        Call(
            server,
            what,
            async () =>
            {
                await call();
                return true;
            },
            where);

    public static CliException Unreachable(Uri? server, Exception e)
    {
        var reason = e.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : e.Message;
        return new CliException(ExitCodes.Unreachable, $"cannot reach the API server at {server}: {reason}", e);
    }

    private static CliException Translate(HttpOperationException e, string subject, string where)
    {
        var what = subject + where;
        var status = e.Response.StatusCode;
        var detail = ServerMessage(e);
        return status switch
        {
            HttpStatusCode.NotFound => new CliException(ExitCodes.NotFound, $"{subject} not found{where}", e),
            HttpStatusCode.Conflict => new CliException(ExitCodes.Conflict, $"{what}: {detail}", e),
            HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest => new CliException(ExitCodes.InvalidInput, $"{what}: {detail}", e),
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new CliException(ExitCodes.Failure, $"{what}: not allowed ({(int)status}): {detail}", e),
            _ => new CliException(ExitCodes.Failure, $"{what}: the API server answered {(int)status}: {detail}", e),
        };
    }

    private static string ServerMessage(HttpOperationException e)
    {
        var content = e.Response.Content;
        if (string.IsNullOrWhiteSpace(content))
        {
            return e.Response.ReasonPhrase ?? "no details";
        }

        try
        {
            var status = k8s.KubernetesJson.Deserialize<k8s.Models.V1Status>(content);
            return string.IsNullOrEmpty(status.Message) ? content : status.Message;
        }
        catch (System.Text.Json.JsonException)
        {
            return content.Length > 200 ? content[..200] : content;
        }
    }
}
