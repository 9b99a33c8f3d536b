namespace Orchestrator.Sandbox.Storage;

/// <summary>The parts of DeleteOptions the store honours.</summary>
internal sealed record DeleteRequest(long? GracePeriodSeconds = null, string? PropagationPolicy = null, string? PreconditionUid = null, string? PreconditionResourceVersion = null)
{
    public static readonly DeleteRequest Background = new(PropagationPolicy: "Background");
}
