using System.Globalization;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Preemption;

/// <summary>
/// A robust estimate of the next save's duration from earlier ones: the mean of the newest saves plus two standard
/// deviations, never below the slowest of them. Before any save: the prior, 30 s (a few GB to local disk plus upload
/// start); after a single save: 1.5× that save, since one sample says nothing about spread.
/// </summary>
public static class SaveTimeEstimator
{
    public const int Window = 10;

    public static readonly TimeSpan Prior = TimeSpan.FromSeconds(30);

    public static SaveTimeEstimate Estimate(IReadOnlyList<TimeSpan> saves)
    {
        var recent = saves.Skip(Math.Max(0, saves.Count - Window)).Select(save => save.TotalSeconds).ToArray();
        switch (recent.Length)
        {
            case 0:
                return new(Prior, Prior, 0, $"no save measured yet: prior {HumanDuration.Format(Prior)}");
            case 1:
                var only = TimeSpan.FromSeconds(recent[0]);
                return new(only * 1.5, only, 1, $"one save of {HumanDuration.Format(only)}, ×1.5");
        }

        var mean = recent.Average();
        var deviation = Math.Sqrt(recent.Sum(x => (x - mean) * (x - mean)) / (recent.Length - 1));
        var expected = Math.Max(mean + (2 * deviation), recent.Max());
        return new(TimeSpan.FromSeconds(expected), TimeSpan.FromSeconds(mean), recent.Length, string.Create(CultureInfo.InvariantCulture,
            $"{recent.Length} saves: mean {mean:0.#}s + 2σ ({deviation:0.#}s), at least the slowest ({recent.Max():0.#}s)"));
    }
}
