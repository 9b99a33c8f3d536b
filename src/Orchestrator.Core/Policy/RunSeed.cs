using System.Text;

namespace Orchestrator.Core.Policy;

/// <summary>
/// Randomness that is a pure function of the run: a seed from its UID and draws from the seed. A restarted
/// controller, and <c>trainctl simulate</c> given the same UID, draw the very same numbers.
/// </summary>
public static class RunSeed
{
    /// <summary>FNV-1a over the UID's UTF-8 bytes: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static ulong FromUid(string uid)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(uid))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>A number in [0, 1) for the <paramref name="index"/>-th draw of <paramref name="seed"/> (SplitMix64).</summary>
    public static double Draw(ulong seed, ulong index)
    {
        var z = seed + ((index + 1) * 0x9E3779B97F4A7C15UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
