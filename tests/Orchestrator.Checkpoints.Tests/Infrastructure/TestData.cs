using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>Deterministic pseudo-random file content, generated and hashed in 1 MiB chunks (never held whole).</summary>
internal static class TestData
{
    public static string WriteFile(string path, long size, ulong seed)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var chunk = new byte[1 << 20];
        var state = seed | 1;
        for (long written = 0; written < size; written += chunk.Length)
        {
            for (var i = 0; i < chunk.Length; i += 8)
            {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(i), state);
            }

            var n = (int)Math.Min(chunk.Length, size - written);
            file.Write(chunk, 0, n);
            hash.AppendData(chunk, 0, n);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public static string HashFile(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }

    public static string HashBytes(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
