namespace Orchestrator.Core.Reconcile;

/// <summary>
/// The API server refused to create an attempt's Job with a client error (422 Invalid, 403 Forbidden, 400): retrying
/// the same request changes nothing, so the user must see the server's message.
/// </summary>
/// <param name="StatusCode">The HTTP status, e.g. 422.</param>
/// <param name="Message">The Status message, e.g. <c>Job.batch "x-1" is invalid: spec.template.spec.containers[0].resources.requests: ...</c>.</param>
/// <param name="At">When the create was refused.</param>
public sealed record CreateRejection(int StatusCode, string Message, DateTimeOffset At);
