using System.Net;
using System.Text;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Storage;

/// <summary>
/// Opens the checkpoint store a run's <c>spec.checkpoint.storage</c> names, with the settings and
/// credentials the agent in its pods gets: the S3 options as ORCH_* variables, the credentials Secret's
/// keys as variables. Secret values are only handed to the store and masked in every message.
/// </summary>
public sealed class RunCheckpointStore : IDisposable
{
    private RunCheckpointStore(ICheckpointStore store, CheckpointLayout layout, Redactor redactor)
    {
        Store = store;
        Layout = layout;
        Redactor = redactor;
    }

    public ICheckpointStore Store { get; }

    public CheckpointLayout Layout { get; }

    /// <summary>Masks the credentials this store was opened with.</summary>
    public Redactor Redactor { get; }

    /// <summary>Where the run's checkpoints are, for humans: <c>s3://bucket/prefix/ns/run/</c>.</summary>
    public string Location => Store.Location + Layout.Base;

    public static async Task<RunCheckpointStore> OpenAsync(IKubernetes kube, TrainingRun run, CancellationToken ct)
    {
        var ns = run.Metadata.NamespaceProperty ?? "default";
        var storage = run.Spec.Checkpoint?.Storage;
        if (string.IsNullOrWhiteSpace(storage?.Uri))
        {
            throw new CliException(ExitCodes.InvalidInput, $"trainingrun \"{run.Metadata.Name}\" has no spec.checkpoint.storage.uri");
        }

        StorageUri uri;
        try
        {
            uri = StorageUri.Parse(storage.Uri);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.InvalidInput, $"trainingrun \"{run.Metadata.Name}\": spec.checkpoint.storage.uri: {e.Message}", e);
        }

        var env = SpecEnvironment(storage);
        if (storage.CredentialsSecret is { Name: { Length: > 0 } secretName })
        {
            foreach (var (key, value) in await ReadSecretAsync(kube, ns, secretName, ct))
            {
                env[key] = value;
            }
        }

        var redactor = new Redactor(env.Where(e => IsCredential(e.Key)).Select(e => e.Value));
        StoreSettings settings;
        try
        {
            settings = StoreSettings.FromEnvironment(env);
        }
        catch (ArgumentException e)
        {
            throw new CliException(ExitCodes.InvalidInput, $"checkpoint storage settings of trainingrun \"{run.Metadata.Name}\": {redactor.Redact(e.Message)}", e);
        }

        var store = CheckpointStores.Open(uri, settings, NullLogger.Instance);
        return new RunCheckpointStore(store, new CheckpointLayout(ns, run.Metadata.Name), redactor);
    }

    public void Dispose() => Store.Dispose();

    private static Dictionary<string, string?> SpecEnvironment(StorageSpec storage)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (storage.S3 is { } s3)
        {
            env[EnvVars.S3Endpoint] = s3.Endpoint;
            env[EnvVars.S3Region] = s3.Region;
            env[EnvVars.S3ForcePathStyle] = s3.ForcePathStyle is { } pathStyle ? (pathStyle ? "true" : "false") : null;
            env[EnvVars.S3ChecksumMode] = s3.ChecksumMode?.ToString();
            env[EnvVars.S3ChunkEncoding] = s3.ChunkEncoding is { } chunked ? (chunked ? "true" : "false") : null;
        }

        return env;
    }

    private static async Task<Dictionary<string, string?>> ReadSecretAsync(IKubernetes kube, string ns, string name, CancellationToken ct)
    {
        V1Secret secret;
        try
        {
            secret = await kube.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: ct);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new CliException(ExitCodes.NotFound, $"secret \"{name}\" (spec.checkpoint.storage.credentialsSecret) not found in namespace \"{ns}\"", e);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            throw new CliException(ExitCodes.Failure, $"not allowed to read secret \"{name}\" in namespace \"{ns}\" (spec.checkpoint.storage.credentialsSecret); checkpoints needs get on secrets", e);
        }
        catch (HttpOperationException e)
        {
            throw new CliException(ExitCodes.Failure, $"reading secret \"{name}\" in namespace \"{ns}\": the API server answered {(int)e.Response.StatusCode}", e);
        }
        catch (HttpRequestException e)
        {
            throw ApiErrors.Unreachable(kube.BaseUri, e);
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Data ?? new Dictionary<string, byte[]>())
        {
            values[key] = Encoding.UTF8.GetString(value);
        }

        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            values[key] = value;
        }

        return values;
    }

    // Every key of the credentials Secret is treated as secret except the ORCH_* settings it may also carry.
    private static bool IsCredential(string key) => !key.StartsWith("ORCH_", StringComparison.Ordinal);
}
