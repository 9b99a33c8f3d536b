
namespace Orchestrator.Sandbox.Workloads;

internal static partial class WorkloadLog
{
    [LoggerMessage(Level = LogLevel.Debug, Message = "{Kind} list/watch failed; re-listing")]
    public static partial void Relisting(ILogger logger, Exception exception, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Kind} change handler failed for {Key}")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string kind, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Queue}: reconciling {Key} failed; retrying")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string queue, string key);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod {Pod}: {Message}")]
    public static partial void PodProblem(ILogger logger, Exception? exception, string pod, string message);
}
