namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// Azure Blob credentials, tried in this order: a connection string, a SAS token (also accepted in the
/// https URI's query), an account key, then DefaultAzureCredential (workload identity, managed identity, CLI).
/// </summary>
public sealed record AzureSettings
{
    public string? ConnectionString { get; init; }

    public string? SasToken { get; init; }

    public string? AccountKey { get; init; }

    /// <summary>Overrides the blob endpoint derived from the account name, e.g. Azurite's <c>http://127.0.0.1:10000/devstoreaccount1</c>.</summary>
    public string? Endpoint { get; init; }
}
