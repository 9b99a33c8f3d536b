using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Cli.Kube;
using Orchestrator.Cli.Rendering;
using Orchestrator.Cli.Storage;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl checkpoints RUN [--verify]</c>: the committed checkpoints in the run's storage, read with
/// the agent's own protocol code; <c>--verify</c> downloads and hashes every file as a restore would.
/// </summary>
public static class CheckpointsCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(GlobalOptions global, CliServices services)
    {
        var run = RunArgument.Create(global, services);
        var verify = new Option<bool>("--verify") { Description = "Download every file and check its size and checksum (XXH128) against the manifest" };
        var command = new Command("checkpoints", "List a run's committed checkpoints in storage (step, size, time)") { run, verify };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var kube = services.ClientFactory(global.Target(parse));
            var current = await new TrainingRunClient(kube).GetAsync(global.ResolveNamespace(parse), parse.GetValue(run)!, ct);
            using var storage = await RunCheckpointStore.OpenAsync(kube, current, ct);
            var checking = parse.GetValue(verify);
            var rows = await StorageCall(storage, () => ReadAsync(storage, checking, ct));
            var format = parse.GetValue(global.Output);
            if (format is OutputFormat.Json or OutputFormat.Yaml)
            {
                var json = JsonSerializer.Serialize(new { location = storage.Location, checkpoints = rows }, Indented);
                await services.Console.Out.WriteLineAsync(format == OutputFormat.Json ? json : JsonToYaml(json));
            }
            else if (rows.Count == 0)
            {
                await services.Console.Error.WriteLineAsync($"No committed checkpoints in {storage.Location}");
            }
            else
            {
                Table(rows, checking).WriteTo(services.Console.Out);
            }

            if (!checking)
            {
                return ExitCodes.Ok;
            }

            var corrupt = rows.Count(r => r.Verified == false);
            await services.Console.Error.WriteLineAsync(corrupt == 0
                ? Invariant($"{rows.Count} checkpoint(s) verified in {storage.Location}")
                : Invariant($"{corrupt} of {rows.Count} checkpoint(s) in {storage.Location} failed verification; a restore skips them and uses the newest that verifies"));
            return corrupt == 0 ? ExitCodes.Ok : ExitCodes.Conflict;
        });
        return command;
    }

    public static TextTable Table(IReadOnlyList<CheckpointRow> rows, bool verified)
    {
        var table = verified
            ? new TextTable("STEP", "ID", "ATTEMPT", "SIZE", "CREATED", "VERIFY")
            : new TextTable("STEP", "ID", "ATTEMPT", "SIZE", "CREATED");
        foreach (var row in rows)
        {
            string[] cells =
            [
                row.Step.ToString(CultureInfo.InvariantCulture),
                row.Id,
                row.Attempt.ToString(CultureInfo.InvariantCulture),
                row.SizeBytes is { } size ? StatusView.Bytes(size) : "?",
                RunFacts.Time(row.CreatedAt),
            ];
            if (verified)
            {
                cells = [.. cells, row.Verified == true ? "OK" : "CORRUPT: " + row.Problem];
            }
            else if (row.Problem is not null)
            {
                cells[^1] = "? (" + row.Problem + ")";
            }

            table.Add(cells);
        }

        return table;
    }

    private static async Task<List<CheckpointRow>> ReadAsync(RunCheckpointStore storage, bool verify, CancellationToken ct)
    {
        var reader = new CheckpointReader(storage.Store, storage.Layout, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        var verifier = new CheckpointVerifier(storage.Store, storage.Layout);
        var rows = new List<CheckpointRow>();
        foreach (var id in await reader.ListAsync(ct))
        {
            CheckpointManifest? manifest;
            try
            {
                manifest = await reader.ReadManifestAsync(id.Id, ct);
            }
            catch (InvalidDataException e)
            {
                rows.Add(new CheckpointRow(id.Id, id.Step, id.Attempt, null, null, null) { Verified = verify ? false : null, Problem = "unreadable manifest: " + OneLine(e.Message) });
                continue;
            }

            if (manifest is null)
            {
                // Pruned between the listing and the read: it is no longer committed.
                continue;
            }

            var row = new CheckpointRow(manifest.Id, manifest.Step, manifest.Attempt, manifest.TotalSizeBytes, manifest.CreatedAt, manifest.Files.Count);
            if (verify)
            {
                var problem = manifest.Id == id.Id ? await verifier.VerifyAsync(manifest, ct) : $"the manifest of {id.Id} names {manifest.Id}";
                row = row with { Verified = problem is null, Problem = problem };
            }

            rows.Add(row);
        }

        return rows;
    }

    private static async Task<T> StorageCall<T>(RunCheckpointStore storage, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (CheckpointStorageException e)
        {
            var code = e.StatusCode is 401 or 403 ? ExitCodes.Failure : ExitCodes.Unreachable;
            throw new CliException(code, $"checkpoint storage {storage.Location}: {OneLine(storage.Redactor.Redact(e.Message))}", e);
        }
    }

    // JSON is YAML: read it back as plain maps and lists, then write it in block style.
    private static string JsonToYaml(string json) =>
        new YamlDotNet.Serialization.SerializerBuilder().Build().Serialize(new YamlDotNet.Serialization.DeserializerBuilder().Build().Deserialize<object>(json));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
