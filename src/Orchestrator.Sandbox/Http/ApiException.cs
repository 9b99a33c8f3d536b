using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Http;

/// <summary>A failure answered with a Kubernetes <c>Status</c> object.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null) : Exception(message)
{
    public int Code { get; } = code;

    public string Reason { get; } = reason;

    public JsonObject? Details { get; } = details;

    /// <summary>A continue token for the Status' list metadata (an expired list's inconsistent continuation).</summary>
    public string? Continue { get; init; }

    public JsonObject ToStatus()
    {
        var status = StatusObjects.Failure(Code, Reason, Message, Details);
        if (Continue is not null)
        {
            status["metadata"] = new JsonObject { ["continue"] = Continue };
        }

        return status;
    }

    public static ApiException NotFound(string resource, string name) =>
        new(404, "NotFound", $"{resource} \"{name}\" not found", StatusObjects.Details(resource, name));

    public static ApiException AlreadyExists(string resource, string name) =>
        new(409, "AlreadyExists", $"{resource} \"{name}\" already exists", StatusObjects.Details(resource, name));

    public static ApiException Conflict(string resource, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {resource} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            StatusObjects.Details(resource, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Invalid(string kind, string resource, string name, IReadOnlyList<FieldError> errors)
    {
        var details = StatusObjects.Details(resource, name);
        details["kind"] = kind;
        var causes = new JsonArray();
        foreach (var e in errors)
        {
            causes.Add(new JsonObject { ["reason"] = e.Type, ["message"] = e.Message, ["field"] = e.Field });
        }

        details["causes"] = causes;
        var text = string.Join(", ", errors.Select(e => $"{e.Field}: {e.Message}"));
        var summary = errors.Count == 1 ? text : $"[{text}]";
        return new(422, "Invalid", $"{kind} \"{name}\" is invalid: {summary}", details);
    }
}
