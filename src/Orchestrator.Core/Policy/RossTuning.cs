namespace Orchestrator.Core.Policy;

/// <summary>
/// Where our ROSS may depart from the paper's model, which has no changeover and pulls no running instance.
/// </summary>
/// <param name="SpotDuringInjection">Inside the injected interval, keep a spot instance that is running (or take one
/// known to be available) instead of on-demand: the paper's interval is on-demand; ours only refuses to wait.</param>
/// <param name="UniformOutsideInjection">Outside the injected interval, follow Uniform Progress (on-demand while behind
/// the line) instead of the paper's spot-or-wait until the safety net.</param>
public sealed record RossTuning(bool SpotDuringInjection, bool UniformOutsideInjection)
{
    public static RossTuning Default { get; } = new(SpotDuringInjection: true, UniformOutsideInjection: false);
}
