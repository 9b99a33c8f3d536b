using System.Globalization;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// The agent's clock. Normally the system clock. In the sandbox, whose cluster clock runs faster than real time,
/// <c>ORCH_CLOCK_START</c> (ISO 8601) and <c>ORCH_CLOCK_SCALE</c> make the times the agent reports (checkpoint
/// commit times) read the cluster's clock, as the controller's do; delays and timeouts stay in real time.
/// </summary>
internal sealed class AgentClock(DateTimeOffset start, double scale) : TimeProvider
{
    public const string StartVariable = "ORCH_CLOCK_START";
    public const string ScaleVariable = "ORCH_CLOCK_SCALE";

    public override DateTimeOffset GetUtcNow() => start + ((System.GetUtcNow() - start) * scale);

    public static TimeProvider FromEnvironment(IReadOnlyDictionary<string, string?> env)
    {
        if (!env.TryGetValue(StartVariable, out var startText) || string.IsNullOrWhiteSpace(startText))
        {
            return System;
        }

        if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var start))
        {
            throw new ArgumentException($"{StartVariable}: '{startText}' is not an ISO 8601 time");
        }

        var scaleText = env.TryGetValue(ScaleVariable, out var s) ? s : null;
        if (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || scale <= 0)
        {
            throw new ArgumentException($"{ScaleVariable}: '{scaleText}' is not a number greater than zero");
        }

        return new AgentClock(start, scale);
    }
}
