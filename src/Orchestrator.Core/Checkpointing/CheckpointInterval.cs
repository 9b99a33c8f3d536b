using System.Globalization;
using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Checkpointing;

/// <summary>
/// The periodic checkpoint interval: the spec's fixed one, or Young/Daly <c>√(2·C·M)</c> for a save time C and a mean
/// time between preemptions M, clamped to [Min, Max]. M is the posterior mean of an exponential rate with the prior
/// counted as one pseudo-preemption: <c>(running time + M₀) / (preemptions + 1)</c>, so the prior fades as data comes.
/// </summary>
public static class CheckpointInterval
{
    public static CheckpointIntervalDecision Decide(CheckpointIntervalInput input)
    {
        if (input.Fixed is { } fixedInterval)
        {
            return new(fixedInterval, $"fixed interval {HumanDuration.Format(fixedInterval)}");
        }

        var options = input.Options;
        var save = input.SaveDurations.Count > 0
            ? TimeSpan.FromSeconds(input.SaveDurations.TakeLast(SaveWindow).Average(d => d.TotalSeconds))
            : options.SaveTimePrior;
        var prior = input.Capacity == CapacityType.Spot ? options.SpotMtbpPrior : options.OnDemandMtbpPrior;
        var mtbp = (input.RunningTime + prior) / (input.Preemptions + 1);
        var young = TimeSpan.FromSeconds(Math.Sqrt(2 * save.TotalSeconds * mtbp.TotalSeconds));
        var interval = young < options.Min ? options.Min : young > options.Max ? options.Max : young;

        var saveBasis = input.SaveDurations.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"mean of {Math.Min(input.SaveDurations.Count, SaveWindow)} saves")
            : "prior";
        var mtbpBasis = string.Create(CultureInfo.InvariantCulture, $"{input.Preemptions} preemptions in {HumanDuration.Format(input.RunningTime)} + prior");
        var clamp = interval == young ? "" : $", clamped to [{HumanDuration.Format(options.Min)}, {HumanDuration.Format(options.Max)}]";
        return new(interval,
            $"auto: √(2·C·M) with C = {HumanDuration.Format(save)} ({saveBasis}), M = {HumanDuration.Format(mtbp)} on {input.Capacity} ({mtbpBasis}) = {HumanDuration.Format(young)}{clamp}");
    }

    private const int SaveWindow = 10;
}
