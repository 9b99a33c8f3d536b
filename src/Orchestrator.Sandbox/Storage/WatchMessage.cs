namespace Orchestrator.Sandbox.Storage;

/// <summary>One line of a watch stream: ADDED, MODIFIED, DELETED (with an object) or BOOKMARK (a version only).</summary>
internal sealed record WatchMessage(string Type, StoredObject? Object, long ResourceVersion)
{
    public const string Added = "ADDED";
    public const string Modified = "MODIFIED";
    public const string Deleted = "DELETED";
    public const string Bookmark = "BOOKMARK";
}
