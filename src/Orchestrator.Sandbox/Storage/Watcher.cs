using System.Threading.Channels;

namespace Orchestrator.Sandbox.Storage;

/// <summary>An open watch: what it selects and the queue its HTTP response drains.</summary>
internal sealed class Watcher(string storageKey, string? ns, Func<StoredObject, bool> matches)
{
    public string StorageKey { get; } = storageKey;

    public Channel<WatchMessage> Messages { get; } = Channel.CreateUnbounded<WatchMessage>(new UnboundedChannelOptions { SingleReader = true });

    public CancellationTokenSource Dropped { get; } = new();

    public bool Selects(StoredObject obj) => (ns is null || obj.Namespace == ns) && matches(obj);

    /// <summary>Translates a change into what this watch sees, as the API server does for selector watches.</summary>
    public void Offer(HistoryEntry change)
    {
        var now = Selects(change.Object);
        var before = change.Previous is not null && Selects(change.Previous);
        var type = change.Type switch
        {
            WatchMessage.Added when now => WatchMessage.Added,
            WatchMessage.Modified when now && before => WatchMessage.Modified,
            WatchMessage.Modified when now => WatchMessage.Added,
            WatchMessage.Modified when before => WatchMessage.Deleted,
            WatchMessage.Deleted when now => WatchMessage.Deleted,
            _ => null,
        };
        if (type is not null)
        {
            Messages.Writer.TryWrite(new WatchMessage(type, change.Object, change.Object.ResourceVersion));
        }
    }
}
