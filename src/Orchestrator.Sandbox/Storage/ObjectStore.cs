using System.Text.Json.Nodes;
using Orchestrator.Sandbox.Http;
using Orchestrator.Sandbox.Json;
using Orchestrator.Sandbox.Resources;

namespace Orchestrator.Sandbox.Storage;

/// <summary>
/// All objects of the emulated cluster behind one lock, so that resourceVersions are a single increasing
/// sequence and watch events leave in commit order. Objects are immutable <see cref="StoredObject"/>s.
/// </summary>
internal sealed class ObjectStore(SandboxApiOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceTable> _tables = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredObject> _byUid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<(string StorageKey, string Key)>> _dependents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _namespaceCounts = new(StringComparer.Ordinal);
    private readonly HistoryEntry?[] _history = new HistoryEntry?[Math.Max(1, options.WatchHistory)];
    private long _historyCount;
    private long _droppedUpTo;
    private long _rv;

    public long CurrentResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _rv;
            }
        }
    }

    public void EnsureTable(ResourceType type)
    {
        lock (_gate)
        {
            if (_tables.TryGetValue(type.StorageKey, out var table))
            {
                table.Type = type;
            }
            else
            {
                _tables[type.StorageKey] = new ResourceTable(type);
            }
        }
    }

    public StoredObject? Get(ResourceType type, string ns, string name)
    {
        lock (_gate)
        {
            return Table(type).Items.GetValueOrDefault(StoredObject.StoreKey(ns, name));
        }
    }

    public StoredObject? GetByUid(string uid)
    {
        lock (_gate)
        {
            return _byUid.GetValueOrDefault(uid);
        }
    }

    /// <summary>
    /// Objects in key order after <paramref name="afterKey"/>, at most <paramref name="limit"/> (0: all);
    /// <paramref name="listedBefore"/> is how many earlier pages returned, for the remaining count. A null
    /// <paramref name="filter"/> selects everything.
    /// </summary>
    public ListPage List(ResourceType type, string? ns, Func<StoredObject, bool>? filter, int limit, string? afterKey, long listedBefore = 0)
    {
        lock (_gate)
        {
            var table = Table(type);
            var items = new List<StoredObject>();
            if (table.Keys.Count == 0)
            {
                return new ListPage(items, _rv, null, 0);
            }

            var lower = ns is null ? "" : ns + "/";
            var upper = ns is null ? table.Keys.Max! : ns + "0";
            if (afterKey is not null && string.CompareOrdinal(afterKey + "\0", lower) > 0)
            {
                lower = afterKey + "\0";
            }

            if (string.CompareOrdinal(lower, upper) > 0)
            {
                return new ListPage(items, _rv, null, 0);
            }

            string? next = null;
            foreach (var key in table.Keys.GetViewBetween(lower, upper))
            {
                var obj = table.Items[key];
                if (filter is not null && !filter(obj))
                {
                    continue;
                }

                if (limit > 0 && items.Count == limit)
                {
                    next = items[^1].Key;
                    break;
                }

                items.Add(obj);
            }

            long? remaining = null;
            if (next is not null && filter is null)
            {
                var inScope = ns is null ? table.Items.Count : table.NamespaceCounts.GetValueOrDefault(ns);
                remaining = Math.Max(0, inScope - listedBefore - items.Count);
            }

            return new ListPage(items, _rv, next, remaining);
        }
    }

    public StoredObject Create(ResourceType type, JsonObject obj)
    {
        lock (_gate)
        {
            var meta = JsonNodes.Metadata(obj);
            var name = JsonNodes.String(meta, "name") ?? "";
            var ns = JsonNodes.String(meta, "namespace") ?? "";
            var table = Table(type);
            if (type.Namespaced)
            {
                RequireLiveNamespace(ns);
            }

            if (table.Items.ContainsKey(StoredObject.StoreKey(ns, name)))
            {
                throw ApiException.AlreadyExists(type.QualifiedName, name);
            }

            meta["resourceVersion"] = Next();
            var stored = StoredObject.From(type, obj);
            Insert(table, stored);
            Publish(table, new HistoryEntry(WatchMessage.Added, stored, null));
            return stored;
        }
    }

    /// <summary>
    /// Replaces <paramref name="expected"/> with <paramref name="next"/> unless another write came first (null then).
    /// An update that changes nothing keeps the stored version; one that drops the last finalizer of a deleted object removes it.
    /// </summary>
    public StoredObject? TryReplace(StoredObject expected, JsonObject next)
    {
        lock (_gate)
        {
            var table = Table(expected.Type);
            if (!table.Items.TryGetValue(expected.Key, out var current) || !ReferenceEquals(current, expected))
            {
                return null;
            }

            var meta = JsonNodes.Metadata(next);
            meta["resourceVersion"] = expected.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (JsonNode.DeepEquals(next, expected.ToNode()))
            {
                return expected;
            }

            return CommitLocked(table, expected, next);
        }
    }

    public StoredObject Delete(ResourceType type, string ns, string name, DeleteRequest request)
    {
        lock (_gate)
        {
            var table = Table(type);
            if (!table.Items.TryGetValue(StoredObject.StoreKey(ns, name), out var current))
            {
                throw ApiException.NotFound(type.QualifiedName, name);
            }

            if ((request.PreconditionUid is { } uid && uid != current.Uid) ||
                (request.PreconditionResourceVersion is { Length: > 0 } rv && rv != current.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            {
                throw ApiException.Conflict(type.QualifiedName, name);
            }

            return DeleteLocked(table, current, request);
        }
    }

    /// <summary>The newest resourceVersion dropped from the watch history: the sandbox's compaction horizon.</summary>
    public long CompactedUpTo
    {
        get
        {
            lock (_gate)
            {
                return _droppedUpTo;
            }
        }
    }

    /// <summary>Opens a watch; replays history after <paramref name="fromVersion"/>, or the current objects as ADDED when null.</summary>
    public Watcher Watch(ResourceType type, string? ns, Func<StoredObject, bool> matches, long? fromVersion)
    {
        lock (_gate)
        {
            var table = Table(type);
            var watcher = new Watcher(type.StorageKey, ns, matches);
            if (fromVersion is null)
            {
                foreach (var obj in table.Items.Values.Where(watcher.Selects).OrderBy(o => o.ResourceVersion))
                {
                    watcher.Messages.Writer.TryWrite(new WatchMessage(WatchMessage.Added, obj, obj.ResourceVersion));
                }
            }
            else
            {
                if (fromVersion.Value < _droppedUpTo)
                {
                    throw ApiException.Gone($"too old resource version: {fromVersion.Value} ({_droppedUpTo + 1})");
                }

                var retained = Math.Min(_historyCount, _history.Length);
                for (var i = _historyCount - retained; i < _historyCount; i++)
                {
                    var entry = _history[i % _history.Length]!;
                    if (entry.Object.ResourceVersion > fromVersion.Value && entry.Object.Type.StorageKey == type.StorageKey)
                    {
                        watcher.Offer(entry);
                    }
                }
            }

            table.Watchers.Add(watcher);
            return watcher;
        }
    }

    public void StopWatching(Watcher watcher)
    {
        lock (_gate)
        {
            if (_tables.TryGetValue(watcher.StorageKey, out var table))
            {
                table.Watchers.Remove(watcher);
            }
        }

        watcher.Messages.Writer.TryComplete();
    }

    /// <summary>Queues a bookmark behind every event already sent to the watch, so its version never runs ahead.</summary>
    public void Bookmark(Watcher watcher)
    {
        lock (_gate)
        {
            watcher.Messages.Writer.TryWrite(new WatchMessage(WatchMessage.Bookmark, null, _rv));
        }
    }

    public IReadOnlyList<Watcher> OpenWatchers(string? plural)
    {
        lock (_gate)
        {
            return [.. _tables.Values.Where(t => plural is null || t.Type.Plural == plural).SelectMany(t => t.Watchers)];
        }
    }

    private ResourceTable Table(ResourceType type)
    {
        if (!_tables.TryGetValue(type.StorageKey, out var table))
        {
            table = new ResourceTable(type);
            _tables[type.StorageKey] = table;
        }

        return table;
    }

    private void RequireLiveNamespace(string ns)
    {
        var namespaces = Table(BuiltInResources.Namespaces);
        if (!namespaces.Items.TryGetValue(StoredObject.StoreKey("", ns), out var nsObj))
        {
            throw ApiException.NotFound("namespaces", ns);
        }

        if (nsObj.IsDeleting)
        {
            throw new ApiException(403, "Forbidden",
                $"unable to create new content in namespace {ns} because it is being terminated",
                StatusObjects.Details("namespaces", ns));
        }
    }

    private string Next() => (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private StoredObject CommitLocked(ResourceTable table, StoredObject current, JsonObject next)
    {
        var meta = JsonNodes.Metadata(next);
        meta["resourceVersion"] = Next();
        var stored = StoredObject.From(table.Type, next);
        if (stored.IsDeleting && stored.Finalizers.Count == 0 && stored.DeletionGracePeriodSeconds == 0)
        {
            return RemoveLocked(table, current, stored, DeleteRequest.Background);
        }

        Replace(table, current, stored);
        Publish(table, new HistoryEntry(WatchMessage.Modified, stored, current));
        if (table.Type == BuiltInResources.Namespaces && stored.IsDeleting)
        {
            FinishNamespaceIfEmpty(stored.Name);
        }

        return stored;
    }

    private StoredObject DeleteLocked(ResourceTable table, StoredObject current, DeleteRequest request)
    {
        if (request.PropagationPolicy == "Orphan")
        {
            OrphanDependents(current.Uid);
        }
        else if (request.PropagationPolicy == "Foreground")
        {
            DeleteDependents(current.Uid);
        }

        var grace = PodGracePeriod(table.Type, current, request);
        if (table.Type == BuiltInResources.Namespaces)
        {
            return DeleteNamespace(table, current);
        }

        if (current.Finalizers.Count == 0 && grace == 0)
        {
            return RemoveLocked(table, current, null, request);
        }

        if (current.IsDeleting && (grace == 0 ? current.DeletionGracePeriodSeconds == 0 : grace >= current.DeletionGracePeriodSeconds))
        {
            return current;
        }

        var node = current.ToNode();
        var meta = JsonNodes.Metadata(node);
        meta["deletionTimestamp"] = JsonNodes.Timestamp(options.Time.GetUtcNow().AddSeconds(grace));
        meta["deletionGracePeriodSeconds"] = grace;
        return CommitLocked(table, current, node);
    }

    private long PodGracePeriod(ResourceType type, StoredObject pod, DeleteRequest request)
    {
        if (type != BuiltInResources.Pods || !options.GracefulPodDeletion)
        {
            return 0;
        }

        var node = pod.ToNode();
        var phase = JsonNodes.String(node["status"], "phase");
        if (string.IsNullOrEmpty(JsonNodes.String(node["spec"], "nodeName")) || phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var fromSpec = node["spec"]?["terminationGracePeriodSeconds"] is JsonValue v && v.TryGetValue<long>(out var s) ? s : 30;
        return Math.Max(0, request.GracePeriodSeconds ?? fromSpec);
    }

    private StoredObject DeleteNamespace(ResourceTable table, StoredObject ns)
    {
        var current = ns;
        if (!ns.IsDeleting)
        {
            var node = ns.ToNode();
            JsonNodes.Metadata(node)["deletionTimestamp"] = JsonNodes.Timestamp(options.Time.GetUtcNow());
            node["status"] = new JsonObject { ["phase"] = "Terminating" };
            JsonNodes.Metadata(node)["resourceVersion"] = Next();
            current = StoredObject.From(table.Type, node);
            Replace(table, ns, current);
            Publish(table, new HistoryEntry(WatchMessage.Modified, current, ns));
        }

        foreach (var other in _tables.Values.Where(t => t.Type.Namespaced).ToList())
        {
            foreach (var obj in other.Items.Values.Where(o => o.Namespace == ns.Name).ToList())
            {
                if (other.Items.TryGetValue(obj.Key, out var live) && ReferenceEquals(live, obj))
                {
                    DeleteLocked(other, obj, DeleteRequest.Background);
                }
            }
        }

        // Removing the last object already removed the namespace (RemoveLocked finishes it); the answer is then the
        // Terminating namespace, as a real apiserver answers before its namespace controller empties it.
        return FinishNamespaceIfEmpty(ns.Name) ?? Table(BuiltInResources.Namespaces).Items.GetValueOrDefault(current.Key) ?? current;
    }

    private StoredObject? FinishNamespaceIfEmpty(string name)
    {
        var namespaces = Table(BuiltInResources.Namespaces);
        if (!namespaces.Items.TryGetValue(StoredObject.StoreKey("", name), out var ns) || !ns.IsDeleting ||
            ns.Finalizers.Count > 0 || _namespaceCounts.GetValueOrDefault(name) > 0)
        {
            return null;
        }

        return RemoveLocked(namespaces, ns, null, DeleteRequest.Background);
    }

    private StoredObject RemoveLocked(ResourceTable table, StoredObject current, StoredObject? finalState, DeleteRequest request)
    {
        var node = (finalState ?? current).ToNode();
        JsonNodes.Metadata(node)["resourceVersion"] = Next();
        var gone = StoredObject.From(table.Type, node);
        table.Items.Remove(current.Key);
        table.Keys.Remove(current.Key);
        table.NamespaceCounts[current.Namespace] = table.NamespaceCounts.GetValueOrDefault(current.Namespace) - 1;
        _byUid.Remove(current.Uid);
        Unindex(current);
        if (current.Namespace.Length > 0)
        {
            _namespaceCounts[current.Namespace] = _namespaceCounts.GetValueOrDefault(current.Namespace) - 1;
        }

        Publish(table, new HistoryEntry(WatchMessage.Deleted, gone, current));
        if (request.PropagationPolicy == "Orphan")
        {
            OrphanDependents(current.Uid);
        }
        else
        {
            CollectDependents(current.Uid);
        }

        if (current.Namespace.Length > 0)
        {
            FinishNamespaceIfEmpty(current.Namespace);
        }

        return gone;
    }

    /// <summary>Background garbage collection: a dependent goes once none of its owners exist.</summary>
    private void CollectDependents(string ownerUid)
    {
        foreach (var dependent in Dependents(ownerUid))
        {
            if (dependent.OwnerUids.All(u => !_byUid.ContainsKey(u)))
            {
                var table = Table(dependent.Type);
                if (table.Items.TryGetValue(dependent.Key, out var live) && ReferenceEquals(live, dependent))
                {
                    DeleteLocked(table, dependent, DeleteRequest.Background);
                }
            }
        }
    }

    private void DeleteDependents(string ownerUid)
    {
        foreach (var dependent in Dependents(ownerUid))
        {
            var table = Table(dependent.Type);
            if (table.Items.TryGetValue(dependent.Key, out var live) && ReferenceEquals(live, dependent))
            {
                DeleteLocked(table, dependent, new DeleteRequest(PropagationPolicy: "Foreground"));
            }
        }
    }

    private void OrphanDependents(string ownerUid)
    {
        foreach (var dependent in Dependents(ownerUid))
        {
            var node = dependent.ToNode();
            if (JsonNodes.Metadata(node)["ownerReferences"] is JsonArray owners)
            {
                foreach (var owner in owners.Where(o => JsonNodes.String(o, "uid") == ownerUid).ToList())
                {
                    owners.Remove(owner);
                }

                if (owners.Count == 0)
                {
                    JsonNodes.Metadata(node).Remove("ownerReferences");
                }
            }

            CommitLocked(Table(dependent.Type), dependent, node);
        }
    }

    private List<StoredObject> Dependents(string ownerUid)
    {
        if (!_dependents.TryGetValue(ownerUid, out var keys))
        {
            return [];
        }

        var result = new List<StoredObject>();
        foreach (var (storageKey, key) in keys.ToList())
        {
            if (_tables.TryGetValue(storageKey, out var t) && t.Items.TryGetValue(key, out var obj))
            {
                result.Add(obj);
            }
        }

        return result;
    }

    private void Insert(ResourceTable table, StoredObject stored)
    {
        table.Items[stored.Key] = stored;
        table.Keys.Add(stored.Key);
        table.NamespaceCounts[stored.Namespace] = table.NamespaceCounts.GetValueOrDefault(stored.Namespace) + 1;
        _byUid[stored.Uid] = stored;
        Index(stored);
        if (stored.Namespace.Length > 0)
        {
            _namespaceCounts[stored.Namespace] = _namespaceCounts.GetValueOrDefault(stored.Namespace) + 1;
        }
    }

    private void Replace(ResourceTable table, StoredObject current, StoredObject stored)
    {
        table.Items[stored.Key] = stored;
        _byUid[stored.Uid] = stored;
        Unindex(current);
        Index(stored);
    }

    private void Index(StoredObject obj)
    {
        foreach (var owner in obj.OwnerUids)
        {
            if (!_dependents.TryGetValue(owner, out var set))
            {
                set = [];
                _dependents[owner] = set;
            }

            set.Add((obj.Type.StorageKey, obj.Key));
        }
    }

    private void Unindex(StoredObject obj)
    {
        foreach (var owner in obj.OwnerUids)
        {
            if (_dependents.TryGetValue(owner, out var set))
            {
                set.Remove((obj.Type.StorageKey, obj.Key));
                if (set.Count == 0)
                {
                    _dependents.Remove(owner);
                }
            }
        }
    }

    private void Publish(ResourceTable table, HistoryEntry entry)
    {
        var slot = _historyCount % _history.Length;
        if (_historyCount >= _history.Length)
        {
            _droppedUpTo = _history[slot]!.Object.ResourceVersion;
        }

        _history[slot] = entry;
        _historyCount++;
        foreach (var watcher in table.Watchers)
        {
            watcher.Offer(entry);
        }
    }
}
