using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;
using Orchestrator.Sandbox.Json;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// The PodSpec rules of Kubernetes' pkg/apis/core/validation that the controller's Jobs could break, with the API
/// server's own messages: DNS-label container and volume names, unique across containers and init containers,
/// environment variable names, restartPolicy on init containers only (a native sidecar is <c>Always</c>), and
/// resource requests no larger than limits.
/// </summary>
internal static partial class PodSpecValidation
{
    public const string DnsLabelMessage = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
    private const string EnvNameMessage = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";

    public static IEnumerable<FieldError> Check(JsonObject podSpec, string path)
    {
        var errors = new List<FieldError>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        Containers(errors, podSpec["initContainers"] as JsonArray, path + ".initContainers", names, init: true);
        Containers(errors, podSpec["containers"] as JsonArray, path + ".containers", names, init: false);
        var volumes = new HashSet<string>(StringComparer.Ordinal);
        if (podSpec["volumes"] is JsonArray list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                Name(errors, JsonNodes.String(list[i], "name"), $"{path}.volumes[{i}].name", volumes);
            }
        }

        return errors;
    }

    private static void Containers(List<FieldError> errors, JsonArray? containers, string path, HashSet<string> names, bool init)
    {
        for (var i = 0; i < (containers?.Count ?? 0); i++)
        {
            var container = containers![i];
            var at = $"{path}[{i}]";
            Name(errors, JsonNodes.String(container, "name"), at + ".name", names);
            var restart = JsonNodes.String(container, "restartPolicy");
            if (restart is not null && (!init || restart != "Always"))
            {
                errors.Add(init
                    ? FieldError.NotSupported(at + ".restartPolicy", $"\"{restart}\"", ["Always"])
                    : FieldError.Forbidden(at + ".restartPolicy", "may not be set for non-init containers"));
            }

            if (container?["env"] is JsonArray env)
            {
                for (var j = 0; j < env.Count; j++)
                {
                    var name = JsonNodes.String(env[j], "name") ?? "";
                    if (!EnvName().IsMatch(name))
                    {
                        errors.Add(FieldError.Invalid($"{at}.env[{j}].name", $"\"{name}\"", EnvNameMessage));
                    }
                }
            }

            Resources(errors, container?["resources"] as JsonObject, at + ".resources");
        }
    }

    private static void Name(List<FieldError> errors, string? name, string path, HashSet<string> seen)
    {
        if (string.IsNullOrEmpty(name))
        {
            return;
        }

        if (name.Length > 63 || !DnsLabel().IsMatch(name))
        {
            errors.Add(FieldError.Invalid(path, $"\"{name}\"", DnsLabelMessage));
        }
        else if (!seen.Add(name))
        {
            errors.Add(new FieldError("FieldValueDuplicate", path, $"Duplicate value: \"{name}\""));
        }
    }

    private static void Resources(List<FieldError> errors, JsonObject? resources, string path)
    {
        if (resources?["requests"] is not JsonObject requests || resources["limits"] is not JsonObject limits)
        {
            return;
        }

        foreach (var (resource, requested) in requests)
        {
            if (limits[resource] is not JsonNode limit || Amount(requested) is not { } r || Amount(limit) is not { } l || r <= l)
            {
                continue;
            }

            errors.Add(FieldError.Invalid(path + ".requests", $"\"{Text(requested)}\"", string.Create(CultureInfo.InvariantCulture, $"must be less than or equal to {resource} limit of {Text(limit)}")));
        }
    }

    private static decimal? Amount(JsonNode? quantity)
    {
        try
        {
            return Text(quantity) is { Length: > 0 } text ? new ResourceQuantity(text).ToDecimal() : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvName();
}
