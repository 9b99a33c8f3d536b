using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Orchestrator.Checkpoints.Protocol;
using Orchestrator.Checkpoints.Storage;
using Orchestrator.Checkpoints.Tests.Infrastructure;

namespace Orchestrator.Benchmarks.Checkpoints;

/// <summary>
/// Upload and download of one checkpoint to Azurite, s3rver and the file store with the default
/// settings (the full protocol: XXH128 while streaming, manifest, verified restore), next to the best
/// single-stream transfer of the same bytes to the same server in the same run, with peak memory.
/// </summary>
internal static class CheckpointBenchmark
{
    private const double MiB = 1024 * 1024;

    public static async Task<int> RunAsync(string[] args)
    {
        var size = 1L << 30;
        var transfer = TransferSettings.Default;
        string[] backends = ["file", "azurite", "s3rver"];
        var reps = 2;
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--size":
                    size = ParseSize(args[i + 1]);
                    break;
                case "--part-mib":
                    transfer = transfer with { PartSizeBytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture) * 1024 * 1024 };
                    break;
                case "--parallelism":
                    transfer = transfer with { Parallelism = int.Parse(args[i + 1], CultureInfo.InvariantCulture) };
                    break;
                case "--single-request-mib":
                    transfer = transfer with { SingleRequestUploadMaxBytes = long.Parse(args[i + 1], CultureInfo.InvariantCulture) * 1024 * 1024 };
                    break;
                case "--parallel-download":
                    transfer = transfer with { ParallelDownload = bool.Parse(args[i + 1]) };
                    break;
                case "--reps":
                    reps = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--backends":
                    backends = args[i + 1].Split(',');
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        using var work = new TempDir("bench");
        var checkpoint = work.Sub("checkpoint");
        var source = Path.Combine(checkpoint, "model.bin");
        Console.Error.WriteLine($"writing a {size / MiB:0} MiB checkpoint; part {transfer.PartSizeBytes / MiB:0} MiB x {transfer.Parallelism} in flight");
        WriteData(source, size);

        var results = new List<TransferResult>();
        foreach (var backend in backends)
        {
            using var server = backend == "file" ? null : StorageServer.Create(backend);
            var uri = server?.UriFor("bench/") ?? new Uri(work.Sub("store")).AbsoluteUri;
            var settings = (server?.Settings ?? new StoreSettings()) with { Transfer = transfer };
            using var store = CheckpointStores.Open(uri, settings, NullLogger.Instance);
            // The engine's best single stream: one request streamed from the file, one GET streamed to it.
            var single = transfer with { Parallelism = 1, SingleRequestUploadMaxBytes = long.MaxValue, ParallelDownload = false };
            using var oneStream = CheckpointStores.Open(uri, settings with { Transfer = single }, NullLogger.Instance);
            await CheckpointStores.EnsureExistsAsync(store, CancellationToken.None);
            var layout = new CheckpointLayout("bench", "run");
            var writer = new CheckpointWriter(store, layout, TimeProvider.System, NullLogger.Instance);
            var reader = new CheckpointReader(store, layout, NullLogger.Instance);
            using var native = Native.For(server, uri);
            Console.Error.WriteLine($"{backend}: measuring");

            // Warm up connections and JIT on a small object.
            await using (var small = new MemoryStream(new byte[1 << 20]))
            {
                await store.PutAsync("warmup.bin", small, CancellationToken.None);
            }

            var restoreDir = work.Sub("restore-" + backend);
            var copy = Path.Combine(work.Path, "copy-" + backend + ".bin");
            long step = 0;

            // Interleaved repetitions, best of each kept: the machine is shared, so single samples are noisy.
            for (var rep = 0; rep < reps; rep++)
            {
                results.Add(await MeasureAsync(backend, "upload", "1 stream (engine, one request)", size, before: () => WarmUp(source), transfer: async () =>
                {
                    await using var input = OpenRead(source);
                    await oneStream.PutAsync("single/engine.bin", input, CancellationToken.None);
                }));
                if (native is not null)
                {
                    results.Add(await MeasureAsync(backend, "upload", "1 stream (" + native.Name + ")", size, () => native.UploadAsync(source, "single/native.bin"), before: () => WarmUp(source)));
                }

                results.Add(await MeasureAsync(backend, "upload", "default (checkpoint + xxh128)", size, before: () => WarmUp(source), transfer: async () =>
                {
                    var id = new CheckpointRef(++step, 1);
                    await writer.UploadRankAsync(checkpoint, id, 0, null, CancellationToken.None);
                    await writer.CommitAsync(id, 1, null, TimeSpan.FromMinutes(1), CancellationToken.None);
                }));

                results.Add(await MeasureAsync(backend, "download", "1 stream (engine, one GET)", size, before: () => File.Delete(copy), transfer: async () =>
                {
                    await using var output = File.Create(copy);
                    await oneStream.GetAsync("single/engine.bin", output, CancellationToken.None);
                }));
                if (native is not null)
                {
                    results.Add(await MeasureAsync(backend, "download", "1 stream (" + native.Name + ")", size, () => native.DownloadAsync("single/native.bin", copy), before: () => File.Delete(copy)));
                }

                results.Add(await MeasureAsync(backend, "download", "default (verified restore)", size, before: () => DeleteFolder(restoreDir), transfer: async () =>
                {
                    var restored = await reader.RestoreAsync(0, restoreDir, CancellationToken.None)
                        ?? throw new InvalidOperationException("nothing restored");
                    if (restored.SizeBytes != size)
                    {
                        throw new InvalidOperationException("restored size differs");
                    }
                }));
            }

            File.Delete(copy);
            Directory.Delete(restoreDir, recursive: true);
        }

        PrintTable(results, size, transfer, reps);
        return 0;
    }

    private static async Task<TransferResult> MeasureAsync(string backend, string direction, string method, long bytes, Func<Task> transfer, Action? before = null)
    {
        // Every transfer starts from the same state: no output of an earlier one left to replace, and
        // no dirty pages of an earlier one still being written back (the file system here discards
        // freed blocks online, so whichever transfer followed a large write or delete used to pay for it).
        before?.Invoke();
        await SettleDiskAsync();
        using var memory = new MemorySampler();
        var clock = Stopwatch.StartNew();
        await transfer();
        clock.Stop();
        var result = new TransferResult(backend, direction, method, clock.Elapsed.TotalSeconds, bytes / MiB / clock.Elapsed.TotalSeconds, memory.PeakAboveBaselineMiB);
        Console.Error.WriteLine($"  {direction,-8} {method,-38} {result.MiBPerSecond,7:0.0} MiB/s  peak +{result.PeakMiB:0} MiB");
        return result;
    }

    private static async Task SettleDiskAsync()
    {
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not run sync");
        await sync.WaitForExitAsync();
    }

    // Every upload reads a source in the page cache: otherwise whichever upload comes first after the
    // downloads (which push the source out of the cache) pays for reading it from disk.
    private static void WarmUp(string path)
    {
        using var file = OpenRead(path);
        file.CopyTo(Stream.Null, 1 << 20);
    }

    private static void DeleteFolder(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static void PrintTable(List<TransferResult> results, long size, TransferSettings transfer, int reps)
    {
        Console.WriteLine();
        Console.WriteLine($"Checkpoint of {size / MiB:0} MiB; defaults: part {transfer.PartSizeBytes / MiB:0} MiB, {transfer.Parallelism} in flight. Best of {reps} interleaved runs; ratio = default / best single stream; peak = worst default run.");
        Console.WriteLine("median ratio = median default / median of the single-stream method with the best median (a second view: the best of 2 x N single-stream samples is favoured by noise over the best of N).");
        Console.WriteLine($"| {"backend",-8} | {"direction",-9} | {"default MiB/s",13} | {"best 1-stream MiB/s",19} | {"best 1-stream method",-34} | {"ratio",5} | {"median ratio",12} | {"default peak MiB over baseline",30} |");
        Console.WriteLine($"|{new string('-', 10)}|{new string('-', 11)}|{new string('-', 15)}|{new string('-', 21)}|{new string('-', 36)}|{new string('-', 7)}|{new string('-', 14)}|{new string('-', 32)}|");
        foreach (var group in results.GroupBy(r => (r.Backend, r.Direction)))
        {
            var defaults = group.Where(r => r.Method.StartsWith("default", StringComparison.Ordinal)).ToList();
            var def = defaults.MaxBy(r => r.MiBPerSecond)! with { PeakMiB = defaults.Max(r => r.PeakMiB) };
            var singles = group.Where(r => !defaults.Contains(r)).ToList();
            var best = singles.MaxBy(r => r.MiBPerSecond)!;
            var bestMedian = singles.GroupBy(r => r.Method).Max(m => Median(m));
            var medianRatio = Median(defaults) / bestMedian;
            Console.WriteLine($"| {group.Key.Backend,-8} | {group.Key.Direction,-9} | {def.MiBPerSecond,13:0.0} | {best.MiBPerSecond,19:0.0} | {best.Method,-34} | {def.MiBPerSecond / best.MiBPerSecond,5:0.00} | {medianRatio,12:0.00} | {def.PeakMiB,30:0} |");
        }
    }

    private static double Median(IEnumerable<TransferResult> samples)
    {
        var sorted = samples.Select(r => r.MiBPerSecond).Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);

    private static long ParseSize(string text)
    {
        var units = new (string Suffix, long Factor)[] { ("GiB", 1L << 30), ("MiB", 1L << 20), ("KiB", 1L << 10), ("", 1) };
        foreach (var (suffix, factor) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return long.Parse(text[..^suffix.Length], CultureInfo.InvariantCulture) * factor;
            }
        }

        throw new FormatException(text);
    }

    private static void WriteData(string path, long size)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var chunk = new byte[1 << 20];
        var state = 0x9E3779B97F4A7C15UL;
        for (long written = 0; written < size; written += chunk.Length)
        {
            for (var i = 0; i < chunk.Length; i += 8)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(i), state);
            }

            file.Write(chunk, 0, (int)Math.Min(chunk.Length, size - written));
        }
    }

    /// <summary>The SDK's (or the file system's) own one-request transfer: the baseline to beat.</summary>
    private abstract class Native : IDisposable
    {
        public virtual void Dispose()
        {
        }

        public abstract string Name { get; }

        public abstract Task UploadAsync(string source, string key);

        public abstract Task DownloadAsync(string key, string destination);

        public static Native? For(StorageServer? server, string uri) => server switch
        {
            S3rverServer s3 => new S3Native(s3),
            AzuriteServer azurite => new AzureNative(azurite),
            _ => new FileNative(new Uri(uri).LocalPath),
        };
    }

    private sealed class S3Native(S3rverServer server) : Native
    {
        private readonly AmazonS3Client _client = new(
            new BasicAWSCredentials(S3rverServer.Key, S3rverServer.Key),
            new AmazonS3Config
            {
                ServiceURL = server.Endpoint,
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });

        public override string Name => "PutObject / GetObject";

        public override void Dispose()
        {
            _client.Dispose();
            base.Dispose();
        }

        public override async Task UploadAsync(string source, string key)
        {
            await using var input = OpenRead(source);
            await _client.PutObjectAsync(new PutObjectRequest { BucketName = "checkpoints", Key = key, InputStream = input, UseChunkEncoding = false });
        }

        public override async Task DownloadAsync(string key, string destination)
        {
            using var response = await _client.GetObjectAsync("checkpoints", key);
            await using var output = File.Create(destination);
            await response.ResponseStream.CopyToAsync(output, 1 << 20);
        }
    }

    private sealed class AzureNative(AzuriteServer server) : Native
    {
        private readonly BlobContainerClient _container = new BlobServiceClient(server.ConnectionString()).GetBlobContainerClient("checkpoints");

        public override string Name => "SDK Upload / Download, concurrency 1";

        public override async Task UploadAsync(string source, string key)
        {
            await using var input = OpenRead(source);
            var options = new BlobUploadOptions { TransferOptions = new StorageTransferOptions { MaximumConcurrency = 1, MaximumTransferSize = 8 * 1024 * 1024 } };
            await _container.GetBlobClient(key).UploadAsync(input, options);
        }

        public override async Task DownloadAsync(string key, string destination)
        {
            var response = await _container.GetBlobClient(key).DownloadStreamingAsync();
            await using var content = response.Value.Content;
            await using var output = File.Create(destination);
            await content.CopyToAsync(output, 1 << 20);
        }
    }

    private sealed class FileNative(string root) : Native
    {
        public override string Name => "FileStream copy + fsync";

        public override async Task UploadAsync(string source, string key) => await CopyAsync(source, Path.Combine(root, key));

        public override async Task DownloadAsync(string key, string destination) => await CopyAsync(Path.Combine(root, key), destination);

        private static async Task CopyAsync(string from, string to)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            await using var input = OpenRead(from);
            await using var output = new FileStream(to, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            await input.CopyToAsync(output, 1 << 20);
            output.Flush(flushToDisk: true);
        }
    }
}
