namespace Orchestrator.Checkpoints.Storage;

/// <summary>An object in a store: its key relative to the store's location, and its size.</summary>
public sealed record StoredObject(string Key, long SizeBytes);
