using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// What the API server does to an object before storing it: server-owned metadata, status and generation rules,
/// defaults and validation (built-in checks and CRD schemas).
/// </summary>
internal sealed partial class ObjectRules(SandboxApiOptions options)
{
    private static readonly string[] ServerOwnedMetadata = ["uid", "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds"];

    public JsonObject PrepareCreate(ResourceType type, string urlNamespace, JsonObject obj, FieldValidation? fieldValidation = null)
    {
        CheckKind(type, obj);
        var meta = JsonNodes.Metadata(obj);
        if (!string.IsNullOrEmpty(JsonNodes.String(meta, "resourceVersion")))
        {
            throw new ApiException(500, "InternalError", "resourceVersion should not be set on objects to be created");
        }

        var name = JsonNodes.String(meta, "name");
        if (string.IsNullOrEmpty(name))
        {
            var prefix = JsonNodes.String(meta, "generateName");
            if (string.IsNullOrEmpty(prefix))
            {
                throw ApiException.Invalid(type.GroupKind, type.QualifiedName, "", [FieldError.Required("metadata.name") with { Message = "Required value: name or generateName is required" }]);
            }

            name = prefix + RandomSuffix();
            meta["name"] = name;
        }

        SetNamespace(type, urlNamespace, meta);
        foreach (var key in ServerOwnedMetadata)
        {
            meta.Remove(key);
        }

        meta["uid"] = NewUid();
        meta["creationTimestamp"] = JsonNodes.Timestamp(options.Time.GetUtcNow());
        if (type.TracksGeneration)
        {
            meta["generation"] = 1;
        }

        meta.Remove("managedFields");
        meta.Remove("selfLink");
        if (type.HasStatus && type != BuiltInResources.Nodes)
        {
            obj.Remove("status");
        }

        Prune(type, obj, fieldValidation);
        BuiltInDefaults.Apply(type, obj);
        Validate(type, obj, null);
        return obj;
    }

    /// <summary>The object to store when <paramref name="incoming"/> replaces <paramref name="current"/> (PUT, or a patch result).</summary>
    public static JsonObject PrepareUpdate(ResourceType type, StoredObject current, JsonObject incoming, string? subresource, bool requireResourceVersion, FieldValidation? fieldValidation = null)
    {
        CheckKind(type, incoming);
        var meta = JsonNodes.Metadata(incoming);
        var name = JsonNodes.String(meta, "name");
        if (!string.IsNullOrEmpty(name) && name != current.Name)
        {
            throw ApiException.BadRequest($"the name of the object ({name}) does not match the name on the URL ({current.Name})");
        }

        var rv = JsonNodes.String(meta, "resourceVersion");
        if (string.IsNullOrEmpty(rv))
        {
            if (requireResourceVersion)
            {
                throw ApiException.Invalid(type.GroupKind, type.QualifiedName, current.Name,
                    [FieldError.Invalid("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }
        }
        else if (rv != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw ApiException.Conflict(type.QualifiedName, current.Name);
        }

        Prune(type, incoming, fieldValidation);
        var before = current.ToNode();
        if (subresource == "status")
        {
            if (incoming.TryGetPropertyValue("status", out var status))
            {
                before["status"] = status?.DeepClone();
            }
            else
            {
                before.Remove("status");
            }

            Validate(type, before, current);
            return before;
        }

        var beforeMeta = JsonNodes.Metadata(before);
        foreach (var key in ServerOwnedMetadata.Append("namespace").Append("name"))
        {
            if (beforeMeta[key] is { } value)
            {
                meta[key] = value.DeepClone();
            }
            else
            {
                meta.Remove(key);
            }
        }

        meta.Remove("managedFields");
        meta.Remove("selfLink");
        if (current.IsDeleting && meta["finalizers"] is JsonArray finalizers &&
            finalizers.Any(f => !current.Finalizers.Contains(JsonNodes.ScalarText(f))))
        {
            throw ApiException.Invalid(type.GroupKind, type.QualifiedName, current.Name,
                [FieldError.Forbidden("metadata.finalizers", "no new finalizers can be added if the object is being deleted")]);
        }

        if (type.HasStatus)
        {
            if (before["status"] is { } status)
            {
                incoming["status"] = status.DeepClone();
            }
            else
            {
                incoming.Remove("status");
            }
        }

        BuiltInDefaults.Apply(type, incoming);
        if (type.TracksGeneration && SpecChanged(before, incoming))
        {
            var generation = beforeMeta["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : 0;
            meta["generation"] = generation + 1;
        }

        Validate(type, incoming, current);
        return incoming;
    }

    /// <summary>Drops fields a CRD schema does not declare; Strict rejects them, Warn reports them.</summary>
    private static void Prune(ResourceType type, JsonObject obj, FieldValidation? fieldValidation)
    {
        if (type.Schema is not { } schema)
        {
            return;
        }

        var unknown = schema.Prune(obj);
        if (unknown.Count == 0 || fieldValidation is null)
        {
            return;
        }

        if (fieldValidation.Mode == "Strict")
        {
            var fields = string.Join(", ", unknown.Select(u => $"unknown field \"{u}\""));
            throw ApiException.BadRequest($"{type.Kind} in version \"{type.Version}\" cannot be handled as a {type.Kind}: strict decoding error: {fields}");
        }

        if (fieldValidation.Mode == "Warn")
        {
            fieldValidation.Warnings.AddRange(unknown.Select(u => $"unknown field \"{u}\""));
        }
    }

    private static bool SpecChanged(JsonObject before, JsonObject after)
    {
        static IEnumerable<KeyValuePair<string, JsonNode?>> Body(JsonObject o) =>
            o.Where(p => p.Key is not ("metadata" or "status" or "kind" or "apiVersion"));

        var a = new JsonObject(Body(before).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        var b = new JsonObject(Body(after).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
        return !JsonNode.DeepEquals(a, b);
    }

    private static void CheckKind(ResourceType type, JsonObject obj)
    {
        var apiVersion = JsonNodes.String(obj, "apiVersion");
        var kind = JsonNodes.String(obj, "kind");
        if (!string.IsNullOrEmpty(apiVersion) && apiVersion != type.ApiVersion)
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({type.ApiVersion})");
        }

        if (!string.IsNullOrEmpty(kind) && kind != type.Kind)
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({type.Kind})");
        }

        obj["apiVersion"] = type.ApiVersion;
        obj["kind"] = type.Kind;
    }

    private static void SetNamespace(ResourceType type, string urlNamespace, JsonObject meta)
    {
        if (!type.Namespaced)
        {
            meta.Remove("namespace");
            return;
        }

        var ns = JsonNodes.String(meta, "namespace");
        if (string.IsNullOrEmpty(ns))
        {
            meta["namespace"] = urlNamespace;
        }
        else if (ns != urlNamespace)
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }
    }

    private static void Validate(ResourceType type, JsonObject obj, StoredObject? current)
    {
        var name = JsonNodes.String(obj["metadata"], "name") ?? "";
        var errors = new List<FieldError>();
        var nameError = type == BuiltInResources.Namespaces ? CheckDnsLabel(name)
            : type.PathSegmentNames ? CheckPathSegment(name)
            : CheckDnsSubdomain(name);
        if (nameError is not null)
        {
            errors.Add(FieldError.Invalid("metadata.name", $"\"{name}\"", nameError));
        }

        errors.AddRange(BuiltInValidation.Check(type, obj));
        if (type.Schema is { } schema)
        {
            errors.AddRange(schema.Validate(obj, current?.ToNode()));
        }

        if (errors.Count > 0)
        {
            throw ApiException.Invalid(type.GroupKind, type.QualifiedName, name, errors);
        }
    }

    private static string? CheckDnsSubdomain(string name) =>
        name.Length <= 253 && DnsSubdomain().IsMatch(name) ? null
            : "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    /// <summary>RBAC objects: any name that is a valid path segment (not "." or "..", no "/" or "%").</summary>
    private static string? CheckPathSegment(string name) =>
        name.Length > 0 && name is not ("." or "..") && name.IndexOfAny(['/', '%']) < 0 ? null
            : "may not be '.' or '..' and may not contain '/' or '%'";

    private static string? CheckDnsLabel(string name) =>
        name.Length <= 63 && DnsLabel().IsMatch(name) ? null
            : "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    private string RandomSuffix()
    {
        const string alphabet = "bcdfghjklmnpqrstvwxz2456789";
        return string.Create(5, options.Random, (span, random) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[random.Next(alphabet.Length)];
            }
        });
    }

    private string NewUid()
    {
        Span<byte> bytes = stackalloc byte[16];
        options.Random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();
}
