namespace Orchestrator.Checkpoints.Storage;

internal enum UploadStrategy
{
    /// <summary>Read into part buffers: one PUT when the object fits in a part, otherwise parallel parts (multipart / staged blocks).</summary>
    Parts,

    /// <summary>One request streamed from a source of known length that can be re-read from its start for a retry.</summary>
    SingleRequest,
}
