using System.Globalization;

namespace Orchestrator.Core.Cost;

/// <summary>GPUs a worker asks for: the <c>nvidia.com/gpu</c> limit of its containers, summed.</summary>
public static class GpuCount
{
    public const string Resource = "nvidia.com/gpu";

    /// <summary>The sum over containers of their GPU limit; a container without one counts 0.</summary>
    /// <exception cref="FormatException">A limit is not a whole number (extended resources cannot be fractional).</exception>
    public static int PerWorker(IEnumerable<IReadOnlyDictionary<string, string>?> containerLimits)
    {
        var total = 0;
        foreach (var limits in containerLimits)
        {
            if (limits is null || !limits.TryGetValue(Resource, out var text))
            {
                continue;
            }

            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new FormatException($"resources.limits[\"{Resource}\"] must be a whole number, got \"{text}\"");
            }

            total += count;
        }

        return total;
    }
}
