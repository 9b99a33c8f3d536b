using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Api;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Cli.Tests.Golden;
using Orchestrator.Cli.Tests.Rendering;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary><c>trainctl checkpoints</c> reads what the agent's own writer committed to a file store, and <c>--verify</c> finds altered files.</summary>
public sealed class CheckpointsCommandTests : IAsyncLifetime
{
    private const string RunName = "ckpt-run";
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-checkpoints-").FullName;
    private CliSandbox _sandbox = null!;

    private string StoreUri => "file://" + Path.Combine(_dir, "store");

    public async Task InitializeAsync()
    {
        _sandbox = CliSandbox.Start();
        await _sandbox.CreateAsync(RunWith(RunName, StoreUri, secret: null));
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Lists_committed_checkpoints_newest_first_with_step_size_time_and_attempt()
    {
        await CommitAsync(100, attempt: 1, bytes: 1000);
        await CommitAsync(200, attempt: 1, bytes: 3 << 20);
        await CommitAsync(250, attempt: 2, bytes: 5000);
        await UploadUncommittedAsync(300, attempt: 2);

        var result = await _sandbox.RunAsync("checkpoints", RunName);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        GoldenFile.Assert("checkpoints.txt", result.Out);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Verify_reports_each_checkpoint_and_fails_when_one_is_corrupt()
    {
        await CommitAsync(100, attempt: 1, bytes: 1000);
        await CommitAsync(200, attempt: 1, bytes: 2000);
        await CommitAsync(300, attempt: 1, bytes: 3000);
        var weights = Path.Combine(_dir, "store", "default", RunName, "000000000200-a1", "rank-0", "weights.bin");
        var bytes = await File.ReadAllBytesAsync(weights);
        bytes[10] ^= 0xFF;
        await File.WriteAllBytesAsync(weights, bytes);
        File.Delete(Path.Combine(_dir, "store", "default", RunName, "000000000100-a1", "rank-0", "optimizer", "state.bin"));

        var result = await _sandbox.RunAsync("checkpoints", RunName, "--verify");
        var json = await _sandbox.RunAsync("checkpoints", RunName, "--verify", "-o", "json");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        GoldenFile.Assert("checkpoints-verify.txt", result.Out);
        Assert.StartsWith("2 of 3 checkpoint(s) in file://", result.Error, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Conflict, json.ExitCode);
        using var parsed = JsonDocument.Parse(json.Out);
        var rows = parsed.RootElement.GetProperty("checkpoints").EnumerateArray().ToList();
        Assert.Equal([true, false, false], rows.Select(r => r.GetProperty("verified").GetBoolean()));
        Assert.Equal([300L, 200, 100], rows.Select(r => r.GetProperty("step").GetInt64()));
    }

    [Fact]
    public async Task Verify_of_intact_checkpoints_succeeds()
    {
        await CommitAsync(100, attempt: 1, bytes: 1000);

        var result = await _sandbox.RunAsync("checkpoints", RunName, "--verify");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Contains("   OK", result.Out, StringComparison.Ordinal);
        Assert.StartsWith("1 checkpoint(s) verified in file://", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_checkpoints_says_so()
    {
        var result = await _sandbox.RunAsync("checkpoints", RunName);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal($"No committed checkpoints in {StoreUri}/default/{RunName}/\n", result.Error);
    }

    [Fact]
    public async Task A_missing_credentials_secret_is_named()
    {
        await _sandbox.CreateAsync(RunWith("with-secret", StoreUri, secret: "ckpt-creds"));

        var result = await _sandbox.RunAsync("checkpoints", "with-secret");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal("trainctl: secret \"ckpt-creds\" (spec.checkpoint.storage.credentialsSecret) not found in namespace \"default\"\n", result.Error);
    }

    [Fact]
    public async Task Credentials_are_read_from_the_secret_and_never_printed()
    {
        const string secretValue = "wJalrXUtnFEMI-very-secret-key";
        await _sandbox.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret
            {
                Metadata = new V1ObjectMeta { Name = "ckpt-creds" },
                Data = new Dictionary<string, byte[]>
                {
                    ["AWS_ACCESS_KEY_ID"] = Encoding.UTF8.GetBytes("AKIAEXAMPLE"),
                    ["AWS_SECRET_ACCESS_KEY"] = Encoding.UTF8.GetBytes(secretValue),
                    [EnvVars.TransferParallelism] = Encoding.UTF8.GetBytes("many"),
                },
            },
            "default");
        await _sandbox.CreateAsync(RunWith("with-secret", StoreUri, secret: "ckpt-creds"));

        var result = await _sandbox.RunAsync("checkpoints", "with-secret", "-o", "json");

        // The Secret's settings are applied (the bad one is reported by name); its credentials appear nowhere.
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(EnvVars.TransferParallelism, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(secretValue, result.Error + result.Out, StringComparison.Ordinal);
    }

    private static TrainingRun RunWith(string name, string uri, string? secret)
    {
        var run = Runs.Pending(name);
        run.Metadata.CreationTimestamp = null;
        run.Metadata.Generation = null;
        run.Spec.Checkpoint.Storage = new StorageSpec { Uri = uri, CredentialsSecret = secret is null ? null : new V1LocalObjectReference { Name = secret } };
        return run;
    }

    private async Task CommitAsync(long step, int attempt, int bytes)
    {
        using var store = CheckpointStores.Open(StoreUri, new StoreSettings(), NullLogger.Instance);
        var writer = new CheckpointWriter(store, new CheckpointLayout("default", RunName), _sandbox.Time, NullLogger.Instance);
        var id = new CheckpointRef(step, attempt);
        await writer.UploadRankAsync(TrainerFolder(step, bytes), id, 0, null, CancellationToken.None);
        await writer.CommitAsync(id, 1, null, TimeSpan.FromSeconds(30), CancellationToken.None);
        _sandbox.Time.Advance(TimeSpan.FromMinutes(10));
    }

    private async Task UploadUncommittedAsync(long step, int attempt)
    {
        using var store = CheckpointStores.Open(StoreUri, new StoreSettings(), NullLogger.Instance);
        var writer = new CheckpointWriter(store, new CheckpointLayout("default", RunName), _sandbox.Time, NullLogger.Instance);
        await writer.UploadRankAsync(TrainerFolder(step, 100), new CheckpointRef(step, attempt), 0, null, CancellationToken.None);
    }

    private string TrainerFolder(long step, int bytes)
    {
        var folder = Path.Combine(_dir, "local", step.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(folder, "optimizer"));
        File.WriteAllBytes(Path.Combine(folder, "weights.bin"), [.. Enumerable.Range(0, bytes).Select(i => (byte)(i * 7 + step))]);
        File.WriteAllText(Path.Combine(folder, "optimizer", "state.bin"), $"step {step}");
        return folder;
    }
}
