using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Auth;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Patching;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Selectors;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Http;

/// <summary>Routes every HTTP request of the emulated API server.</summary>
internal sealed class ApiRequestHandler(
    ResourceRegistry registry,
    ObjectStore store,
    ObjectRules rules,
    Discovery discovery,
    OpenApi openApi,
    FaultInjector faults,
    CustomResources crds,
    SandboxAccess access,
    SandboxApiOptions options,
    PodLogEndpoint podLogs)
{
    public async Task HandleAsync(HttpContext ctx)
    {
        try
        {
            var segments = (ctx.Request.Path.Value ?? "/").Split('/', StringSplitOptions.RemoveEmptyEntries);
            access.Authenticate(ctx);
            if (!await TryServeInfoAsync(ctx, segments))
            {
                var request = ParseResourcePath(segments) ?? throw NotFoundPath(ctx);
                await ServeResourceAsync(ctx, request);
            }
        }
        catch (ApiException e)
        {
            await WriteErrorAsync(ctx, e);
        }
        catch (JsonException e)
        {
            await WriteErrorAsync(ctx, ApiException.BadRequest($"the body of the request could not be decoded: {e.Message}"));
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private static ApiException NotFoundPath(HttpContext ctx) =>
        new(404, "NotFound", $"the server could not find the requested resource ({ctx.Request.Method} {ctx.Request.Path})");

    private async Task<bool> TryServeInfoAsync(HttpContext ctx, string[] s)
    {
        if (s is ["openapi", "v2"])
        {
            await ServeOpenApiV2Async(ctx);
            return true;
        }

        JsonNode? body = s switch
        {
            ["version"] => discovery.Version(),
            ["api"] => Discovery.CoreVersions(),
            ["api", "v1"] => discovery.Resources("", "v1"),
            ["apis"] => discovery.Groups(),
            ["apis", var g] => discovery.Group(g) ?? throw NotFoundPath(ctx),
            ["apis", var g, var v] => discovery.Resources(g, v) ?? throw NotFoundPath(ctx),
            ["openapi", "v3"] => openApi.V3Root(),
            ["openapi", "v3", "api", "v1"] => openApi.V3GroupVersion("", "v1"),
            ["openapi", "v3", "apis", var g, var v] => openApi.V3GroupVersion(g, v) ?? throw NotFoundPath(ctx),
            _ => null,
        };
        if (body is not null)
        {
            access.AuthorizePath(ctx, ctx.Request.Path.Value ?? "/");
            await WriteAsync(ctx, 200, JsonNodes.ToBytes(body));
            return true;
        }

        if (s is ["healthz" or "livez" or "readyz", ..])
        {
            access.AuthorizePath(ctx, ctx.Request.Path.Value ?? "/");
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.WriteAsync("ok", ctx.RequestAborted);
            return true;
        }

        return false;
    }

    private ResourceRequest? ParseResourcePath(string[] s)
    {
        string group, version;
        string[] rest;
        if (s.Length >= 3 && s[0] == "api")
        {
            (group, version, rest) = ("", s[1], s[2..]);
        }
        else if (s.Length >= 4 && s[0] == "apis")
        {
            (group, version, rest) = (s[1], s[2], s[3..]);
        }
        else
        {
            return null;
        }

        var legacyWatch = rest is ["watch", _, ..];
        if (legacyWatch)
        {
            rest = rest[1..];
        }

        if (rest is ["namespaces", var ns, var plural, .. var tail] && registry.Find(group, version, plural) is { Namespaced: true } type)
        {
            return tail switch
            {
                [] => new ResourceRequest(type, ns, null, null, legacyWatch),
                [var name] => new ResourceRequest(type, ns, name, null, legacyWatch),
                [var name, var sub] => new ResourceRequest(type, ns, name, sub, legacyWatch),
                _ => null,
            };
        }

        if (rest is [var p, .. var more] && registry.Find(group, version, p) is { } t)
        {
            var nsForList = t.Namespaced ? null : "";
            return more switch
            {
                [] => new ResourceRequest(t, nsForList, null, null, legacyWatch),
                [var name] when !t.Namespaced => new ResourceRequest(t, "", name, null, legacyWatch),
                [var name, var sub] when !t.Namespaced => new ResourceRequest(t, "", name, sub, legacyWatch),
                _ => null,
            };
        }

        return null;
    }

    private static async Task ServeOpenApiV2Async(HttpContext ctx)
    {
        ctx.Response.Headers.Vary = "Accept";
        switch (OpenApiV2Negotiation.Choose(ctx.Request.Headers.Accept))
        {
            case OpenApiV2Negotiation.Form.Json:
                await WriteAsync(ctx, 200, JsonNodes.ToBytes(OpenApi.V2()));
                break;
            case OpenApiV2Negotiation.Form.Protobuf:
                var document = OpenApiV2Protobuf.Document(OpenApi.Title, OpenApi.DocumentVersion);
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = OpenApiV2Protobuf.ContentType;
                ctx.Response.ContentLength = document.Length;
                await ctx.Response.Body.WriteAsync(document, ctx.RequestAborted);
                break;
            default:
                ctx.Response.StatusCode = 406;
                break;
        }
    }

    private async Task ServeResourceAsync(HttpContext ctx, ResourceRequest r)
    {
        if (r.Type.StoredAs is { } storedAs)
        {
            // A converted version (Kueue's v1beta1): the store sees the stored type only; bodies convert at this edge.
            r = r with { Type = storedAs, Served = r.Type };
        }

        var q = ctx.Request.Query;
        var method = ctx.Request.Method;
        var isWatch = r.LegacyWatchPath || QueryFlags.IsTrue(q["watch"]);
        var verb = (method, r.Name, r.Subresource) switch
        {
            ("GET", null, _) => isWatch ? "watch" : "list",
            ("GET", _, _) => isWatch ? "watch" : "get",
            ("POST", null, _) => "create",
            ("POST", _, "binding" or "eviction" or "token") => "create",
            ("PUT", not null, _) => "update",
            ("PATCH", not null, _) => "patch",
            ("DELETE", null, _) => "deletecollection",
            ("DELETE", not null, null) => "delete",
            _ => throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method} {ctx.Request.Path})"),
        };
        if (r is { Subresource: "log", Name: { } podName } && r.Type == BuiltInResources.Pods && method == "GET")
        {
            await faults.ApplyAsync("get", "pods/log", ctx.RequestAborted);
            await podLogs.ServeAsync(ctx, r.NamespaceOrEmpty, podName);
            return;
        }

        if (r.Subresource is { } sub && !(sub == "status" && r.Type.HasStatus) && !(r.Type == BuiltInResources.Pods && sub is "binding" or "eviction")
            && !(r.Type == BuiltInResources.ServiceAccounts && sub == "token"))
        {
            throw NotFoundPath(ctx);
        }

        if (r.Type.CreateOnly && verb != "create")
        {
            throw new ApiException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({method} {ctx.Request.Path})");
        }

        access.Authorize(ctx, verb, r);

        await faults.ApplyAsync(verb, r.Type.Plural, ctx.RequestAborted);
        switch (verb)
        {
            case "get":
                var found = store.Get(r.Type, r.NamespaceOrEmpty, r.Name!) ?? throw ApiException.NotFound(r.Type.QualifiedName, r.Name!);
                await WriteObjectAsync(ctx, 200, found, r);
                break;
            case "list":
                await ListAsync(ctx, r);
                break;
            case "watch":
                await WatchAsync(ctx, r);
                break;
            case "create" when r.Subresource == "binding":
                await BindAsync(ctx, r);
                break;
            case "create" when r.Subresource == "token":
                await WriteAsync(ctx, 201, JsonNodes.ToBytes(access.RequestToken(r.NamespaceOrEmpty, r.Name!, await ReadBodyOrNullAsync(ctx) ?? [], options.Time)));
                break;
            case "create" when r.Type.CreateOnly:
                await WriteAsync(ctx, 201, JsonNodes.ToBytes(access.Review(ctx, r.Type, r.NamespaceOrEmpty, await ReadBodyAsync(ctx))));
                break;
            case "create" when r.Subresource == "eviction":
                store.Delete(r.Type, r.NamespaceOrEmpty, r.Name!, DeleteOptions(await ReadBodyOrNullAsync(ctx), q));
                await WriteAsync(ctx, 201, JsonNodes.ToBytes(StatusObjects.Success(r.Type.QualifiedName, r.Name!)));
                break;
            case "create":
                await CreateAsync(ctx, r);
                break;
            case "update":
                await UpdateAsync(ctx, r);
                break;
            case "patch":
                await PatchAsync(ctx, r);
                break;
            case "delete":
                var deleted = store.Delete(r.Type, r.NamespaceOrEmpty, r.Name!, DeleteOptions(await ReadBodyOrNullAsync(ctx), q));
                if (r.Type == BuiltInResources.CustomResourceDefinitions)
                {
                    crds.Uninstall(deleted);
                }

                await WriteObjectAsync(ctx, 200, deleted, r);
                break;
            default:
                await DeleteCollectionAsync(ctx, r);
                break;
        }
    }

    /// <summary>Null when nothing is selected (every object matches).</summary>
    private static Func<StoredObject, bool>? Filter(HttpContext ctx, ResourceType type)
    {
        var labels = LabelSelector.Parse(ctx.Request.Query["labelSelector"]);
        var fields = FieldSelector.Parse(ctx.Request.Query["fieldSelector"], type);
        return labels.IsEmpty && fields.IsEmpty ? null : o => labels.Matches(o.Labels) && fields.Matches(o.Fields);
    }

    private async Task ListAsync(HttpContext ctx, ResourceRequest r)
    {
        var q = ctx.Request.Query;
        var limit = int.TryParse(q["limit"], CultureInfo.InvariantCulture, out var l) && l > 0 ? l : 0;
        string? after = null;
        long listedBefore = 0;
        var listVersion = ContinueToken.Inconsistent;
        if (q["continue"] is [{ Length: > 0 } token])
        {
            (after, listedBefore, listVersion) = ContinueToken.Decode(token);
            if (listVersion != ContinueToken.Inconsistent && listVersion < store.CompactedUpTo)
            {
                throw ContinueToken.Expired(after, listedBefore);
            }
        }

        var page = store.List(r.Type, r.Namespace, Filter(ctx, r.Type), limit, after, listedBefore);
        // Later pages carry the first page's version, so a long walk expires as it would against etcd.
        if (listVersion == ContinueToken.Inconsistent)
        {
            listVersion = page.ResourceVersion;
        }

        if (TableWriter.Wants(ctx.Request))
        {
            var table = TableWriter.Table(r.Type, page.Items, options.Time.GetUtcNow(), IncludeObject(ctx));
            var meta = JsonNodes.Metadata(table);
            meta["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            if (page.NextKey is not null)
            {
                meta["continue"] = ContinueToken.Encode(page.NextKey, listedBefore + page.Items.Count, listVersion);
                meta["remainingItemCount"] = page.RemainingCount;
            }

            await WriteAsync(ctx, 200, JsonNodes.ToBytes(table));
            return;
        }

        var buffer = new MemoryStream();
        var header = new JsonObject
        {
            ["resourceVersion"] = page.ResourceVersion.ToString(CultureInfo.InvariantCulture),
        };
        if (page.NextKey is not null)
        {
            header["continue"] = ContinueToken.Encode(page.NextKey, listedBefore + page.Items.Count, listVersion);
            if (page.RemainingCount is { } remaining)
            {
                header["remainingItemCount"] = remaining;
            }
        }

        buffer.Write(Encoding.UTF8.GetBytes($"{{\"kind\":\"{r.ServedType.ListKind}\",\"apiVersion\":\"{r.ServedType.ApiVersion}\",\"metadata\":{header.ToJsonString(JsonNodes.Compact)},\"items\":["));
        for (var i = 0; i < page.Items.Count; i++)
        {
            if (i > 0)
            {
                buffer.WriteByte((byte)',');
            }

            buffer.Write(r.Json(page.Items[i]).Span);
        }

        buffer.Write("]}"u8);
        await WriteAsync(ctx, 200, buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    private static string IncludeObject(HttpContext ctx) => ctx.Request.Query["includeObject"] is [{ } v] ? v : "Metadata";

    private async Task WatchAsync(HttpContext ctx, ResourceRequest r)
    {
        var q = ctx.Request.Query;
        var filter = Filter(ctx, r.Type) ?? (static _ => true);
        if (r.Name is not null)
        {
            var name = r.Name;
            var inner = filter;
            filter = o => o.Name == name && inner(o);
        }

        long? from = q["resourceVersion"] is [{ Length: > 0 } rvText] && rvText != "0"
            ? long.TryParse(rvText, CultureInfo.InvariantCulture, out var rv) ? rv : throw ApiException.BadRequest($"invalid resourceVersion \"{rvText}\"")
            : null;
        var asTable = TableWriter.Wants(ctx.Request);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        Watcher watcher;
        try
        {
            watcher = store.Watch(r.Type, r.Namespace, filter, from);
        }
        catch (ApiException e)
        {
            await ctx.Response.WriteAsync($"{{\"type\":\"ERROR\",\"object\":{e.ToStatus().ToJsonString(JsonNodes.Compact)}}}\n", ctx.RequestAborted);
            return;
        }

        using var timeout = q["timeoutSeconds"] is [{ } ts] && int.TryParse(ts, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds), options.Time)
            : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, timeout.Token, watcher.Dropped.Token);
        using var bookmarks = QueryFlags.IsTrue(q["allowWatchBookmarks"])
            ? options.Time.CreateTimer(_ => store.Bookmark(watcher), null, options.BookmarkInterval, options.BookmarkInterval)
            : null;
        var first = true;
        try
        {
            await ctx.Response.StartAsync(linked.Token);
            await ctx.Response.Body.FlushAsync(linked.Token);
            var reader = watcher.Messages.Reader;
            var body = ctx.Response.Body;
            while (await reader.WaitToReadAsync(linked.Token))
            {
                while (reader.TryRead(out var message))
                {
                    await body.WriteAsync(WatchLine(r, message, asTable, first, options.Time.GetUtcNow()), linked.Token);
                    first = false;
                }

                await body.FlushAsync(linked.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout, a dropped watch or a client that left: the stream simply ends.
        }
        finally
        {
            store.StopWatching(watcher);
        }
    }

    private static byte[] WatchLine(ResourceRequest r, WatchMessage message, bool asTable, bool withColumns, DateTimeOffset now)
    {
        var type = r.Type;
        var buffer = new MemoryStream();
        buffer.Write(Encoding.UTF8.GetBytes($"{{\"type\":\"{message.Type}\",\"object\":"));
        if (message.Object is null)
        {
            var bookmark = new JsonObject
            {
                ["kind"] = r.ServedType.Kind,
                ["apiVersion"] = r.ServedType.ApiVersion,
                ["metadata"] = new JsonObject { ["resourceVersion"] = message.ResourceVersion.ToString(CultureInfo.InvariantCulture) },
            };
            buffer.Write(JsonNodes.ToBytes(bookmark));
        }
        else if (asTable)
        {
            var table = TableWriter.Table(type, [message.Object], now, "Object");
            if (!withColumns)
            {
                table["columnDefinitions"] = new JsonArray();
            }

            JsonNodes.Metadata(table)["resourceVersion"] = message.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            buffer.Write(JsonNodes.ToBytes(table));
        }
        else
        {
            buffer.Write(r.Json(message.Object).Span);
        }

        buffer.Write("}\n"u8);
        return buffer.ToArray();
    }

    private async Task CreateAsync(HttpContext ctx, ResourceRequest r)
    {
        if (r.Name is not null)
        {
            throw new ApiException(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
        }

        if (r.Type.Namespaced && string.IsNullOrEmpty(r.Namespace))
        {
            throw NotFoundPath(ctx);
        }

        var validation = FieldValidationOf(ctx);
        var body = r.ToStored(await ReadBodyAsync(ctx));
        var prepared = rules.PrepareCreate(r.Type, r.NamespaceOrEmpty, body, validation);
        access.CheckGrant(ctx, r.Type, r.NamespaceOrEmpty, prepared);
        AddWarnings(ctx, validation);
        if (IsDryRun(ctx))
        {
            await WriteAsync(ctx, 201, JsonNodes.ToBytes(r.FromStored(prepared.DeepClone().AsObject())));
            return;
        }

        if (r.Type == BuiltInResources.CustomResourceDefinitions)
        {
            crds.Install(prepared);
            prepared["status"] = CustomResources.EstablishedStatus(prepared, JsonNodes.Timestamp(options.Time.GetUtcNow()));
        }

        var stored = store.Create(r.Type, prepared);
        await WriteObjectAsync(ctx, 201, stored, r);
    }

    private async Task UpdateAsync(HttpContext ctx, ResourceRequest r)
    {
        var validation = FieldValidationOf(ctx);
        var body = r.ToStored(await ReadBodyAsync(ctx));
        var requireRv = r.Type.IsCustom;
        var stored = Mutate(r, current => Granting(ctx, r, ObjectRules.PrepareUpdate(r.Type, current, body.DeepClone().AsObject(), r.Subresource, requireRv, validation)), IsDryRun(ctx));
        AddWarnings(ctx, validation);
        ReinstallIfCrd(stored);
        await WriteObjectAsync(ctx, 200, stored, r);
    }

    /// <summary>A changed CRD (new version, schema or printer columns) is served as changed at once.</summary>
    private void ReinstallIfCrd(StoredObject stored)
    {
        if (stored.Type == BuiltInResources.CustomResourceDefinitions && !stored.IsDeleting)
        {
            crds.Install(stored.ToNode());
        }
    }

    private async Task PatchAsync(HttpContext ctx, ResourceRequest r)
    {
        var validation = FieldValidationOf(ctx);
        var contentType = ctx.Request.ContentType ?? "";
        var text = await new StreamReader(ctx.Request.Body, Encoding.UTF8).ReadToEndAsync(ctx.RequestAborted);
        var patch = contentType.StartsWith("application/apply-patch+yaml", StringComparison.Ordinal)
            ? YamlJson.ParseSingle(text)
            : JsonNode.Parse(text);
        if (patch is null)
        {
            throw ApiException.BadRequest("empty patch");
        }

        if (contentType.StartsWith("application/apply-patch", StringComparison.Ordinal) &&
            store.Get(r.Type, r.NamespaceOrEmpty, r.Name!) is null && r.Subresource is null)
        {
            var created = store.Create(r.Type, Granting(ctx, r, rules.PrepareCreate(r.Type, r.NamespaceOrEmpty, r.ToStored(patch.AsObject()), validation)));
            AddWarnings(ctx, validation);
            await WriteObjectAsync(ctx, 201, created, r);
            return;
        }

        if (contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) && !r.Type.SupportsStrategicMergePatch)
        {
            // As for every CRD (Kueue's kinds are CRDs on a real cluster): the Go types that carry merge keys do not exist.
            throw new ApiException(415, "UnsupportedMediaType",
                "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
        }

        var stored = Mutate(r, current =>
        {
            validation.Warnings.Clear();
            // A patch applies to the object as the client sees it, in the version it asked for.
            var node = r.FromStored(current.ToNode());
            JsonNode? patched = contentType switch
            {
                _ when contentType.StartsWith("application/json-patch+json", StringComparison.Ordinal) =>
                    JsonPatch.Apply(node, patch as JsonArray ?? throw ApiException.BadRequest("a JSON patch must be an array of operations")),
                _ when contentType.StartsWith("application/strategic-merge-patch+json", StringComparison.Ordinal) =>
                    StrategicMergePatch.Apply(node, patch as JsonObject ?? throw ApiException.BadRequest("a strategic merge patch must be an object")),
                _ when contentType.StartsWith("application/merge-patch+json", StringComparison.Ordinal) ||
                       contentType.StartsWith("application/apply-patch", StringComparison.Ordinal) =>
                    JsonMergePatch.Apply(node, patch),
                _ => throw new ApiException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json"),
            };
            if (patched is not JsonObject patchedObject)
            {
                throw ApiException.BadRequest("the patch did not produce an object");
            }

            return Granting(ctx, r, ObjectRules.PrepareUpdate(r.Type, current, r.ToStored(patchedObject), r.Subresource, requireResourceVersion: false, validation));
        }, IsDryRun(ctx));
        AddWarnings(ctx, validation);
        ReinstallIfCrd(stored);
        await WriteObjectAsync(ctx, 200, stored, r);
    }

    private async Task BindAsync(HttpContext ctx, ResourceRequest r)
    {
        var body = await ReadBodyAsync(ctx);
        var node = JsonNodes.String(body["target"], "name") ?? throw ApiException.Invalid("Binding", "bindings", r.Name!, [FieldError.Required("target.name")]);
        Mutate(r with { Subresource = null }, current =>
        {
            var pod = current.ToNode();
            if (pod["spec"] is JsonObject spec)
            {
                if (!string.IsNullOrEmpty(JsonNodes.String(spec, "nodeName")))
                {
                    throw new ApiException(409, "Conflict", $"Operation cannot be fulfilled on pods/binding \"{r.Name}\": pod {r.Name} is already assigned to node \"{JsonNodes.String(spec, "nodeName")}\"");
                }

                spec["nodeName"] = node;
            }

            return pod;
        }, dryRun: false);
        await WriteAsync(ctx, 201, JsonNodes.ToBytes(StatusObjects.Success("pods", r.Name!)));
    }

    private async Task DeleteCollectionAsync(HttpContext ctx, ResourceRequest r)
    {
        var page = store.List(r.Type, r.Namespace, Filter(ctx, r.Type), 0, null);
        var options1 = DeleteOptions(await ReadBodyOrNullAsync(ctx), ctx.Request.Query);
        var deleted = new JsonArray();
        foreach (var item in page.Items)
        {
            try
            {
                deleted.Add(r.FromStored(store.Delete(r.Type, item.Namespace, item.Name, options1).ToNode()));
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // Removed meanwhile (garbage collection of an earlier item): already what was asked.
            }
        }

        var list = new JsonObject
        {
            ["kind"] = r.ServedType.ListKind,
            ["apiVersion"] = r.ServedType.ApiVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture) },
            ["items"] = deleted,
        };
        await WriteAsync(ctx, 200, JsonNodes.ToBytes(list));
    }

    /// <summary>A Role or binding as written, after RBAC's escalation check (other kinds pass unchanged).</summary>
    private JsonObject Granting(HttpContext ctx, ResourceRequest r, JsonObject obj)
    {
        access.CheckGrant(ctx, r.Type, r.NamespaceOrEmpty, obj);
        return obj;
    }

    private StoredObject Mutate(ResourceRequest r, Func<StoredObject, JsonObject> change, bool dryRun)
    {
        while (true)
        {
            var current = store.Get(r.Type, r.NamespaceOrEmpty, r.Name!) ?? throw ApiException.NotFound(r.Type.QualifiedName, r.Name!);
            var next = change(current);
            if (dryRun)
            {
                return StoredObject.From(r.Type, next);
            }

            if (store.TryReplace(current, next) is { } stored)
            {
                return stored;
            }
        }
    }

    private static DeleteRequest DeleteOptions(JsonObject? body, IQueryCollection q)
    {
        long? grace = body?["gracePeriodSeconds"] is JsonValue g && g.TryGetValue<long>(out var gv) ? gv
            : q["gracePeriodSeconds"] is [{ } gs] && long.TryParse(gs, CultureInfo.InvariantCulture, out var gq) ? gq
            : null;
        var deleteOptions = body?["deleteOptions"] as JsonObject ?? body;
        var propagation = JsonNodes.String(deleteOptions, "propagationPolicy") ?? (q["propagationPolicy"] is [{ } p] ? p : null);
        if (deleteOptions?["orphanDependents"] is JsonValue o && o.TryGetValue<bool>(out var orphan) && orphan)
        {
            propagation ??= "Orphan";
        }

        var pre = deleteOptions?["preconditions"];
        return new DeleteRequest(grace ?? (deleteOptions?["gracePeriodSeconds"] is JsonValue g2 && g2.TryGetValue<long>(out var g2v) ? g2v : null),
            propagation, JsonNodes.String(pre, "uid"), JsonNodes.String(pre, "resourceVersion"));
    }

    private static FieldValidation FieldValidationOf(HttpContext ctx) =>
        FieldValidation.Parse(ctx.Request.Query["fieldValidation"] is [{ } mode] ? mode : null, ctx.Request.Method switch
        {
            "POST" => "CreateOptions",
            "PUT" => "UpdateOptions",
            _ => "PatchOptions",
        });

    private static void AddWarnings(HttpContext ctx, FieldValidation validation)
    {
        if (validation.Warnings.Count > 0)
        {
            ctx.Response.Headers.Append("Warning", new Microsoft.Extensions.Primitives.StringValues([.. validation.Warnings.Select(w => $"299 - \"{w.Replace("\"", "\\\"", StringComparison.Ordinal)}\"")]));
        }
    }

    private static bool IsDryRun(HttpContext ctx) => ctx.Request.Query["dryRun"] is ["All"];

    private static async Task<JsonObject> ReadBodyAsync(HttpContext ctx) =>
        await ReadBodyOrNullAsync(ctx) ?? throw ApiException.BadRequest("the request body is empty");

    private static async Task<JsonObject?> ReadBodyOrNullAsync(HttpContext ctx)
    {
        var text = await new StreamReader(ctx.Request.Body, Encoding.UTF8).ReadToEndAsync(ctx.RequestAborted);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var contentType = ctx.Request.ContentType ?? "";
        var node = contentType.Contains("yaml", StringComparison.Ordinal) ? YamlJson.ParseSingle(text) : JsonNode.Parse(text);
        return node as JsonObject ?? throw ApiException.BadRequest("the request body must be a JSON object");
    }

    private async Task WriteObjectAsync(HttpContext ctx, int code, StoredObject obj, ResourceRequest r)
    {
        if (TableWriter.Wants(ctx.Request))
        {
            var table = TableWriter.Table(obj.Type, [obj], options.Time.GetUtcNow(), IncludeObject(ctx));
            await WriteAsync(ctx, code, JsonNodes.ToBytes(table));
            return;
        }

        await WriteAsync(ctx, code, r.Json(obj));
    }

    private static async Task WriteErrorAsync(HttpContext ctx, ApiException e)
    {
        if (ctx.Response.HasStarted)
        {
            return;
        }

        if (e.Code == 429)
        {
            ctx.Response.Headers.RetryAfter = "1";
        }

        await WriteAsync(ctx, e.Code, JsonNodes.ToBytes(e.ToStatus()));
    }

    private static async Task WriteAsync(HttpContext ctx, int code, ReadOnlyMemory<byte> json)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = json.Length;
        await ctx.Response.Body.WriteAsync(json, ctx.RequestAborted);
    }
}
