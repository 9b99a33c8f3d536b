namespace Orchestrator.Core.Validation;

/// <summary>One problem in a TrainingRun, at a field path as the API server writes them (<c>spec.checkpoint.storage.uri</c>).</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}
