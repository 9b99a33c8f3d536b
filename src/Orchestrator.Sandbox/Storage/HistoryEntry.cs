namespace Orchestrator.Sandbox.Storage;

/// <summary>A retained change, replayed to watches that resume from an older resourceVersion.</summary>
internal sealed record HistoryEntry(string Type, StoredObject Object, StoredObject? Previous);
