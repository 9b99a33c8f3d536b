namespace Orchestrator.Core.Policy;

/// <summary>The spot zone for the next (or the queued) attempt.</summary>
/// <remarks>Move: the queued spot attempt is in another zone and should be replaced. ReevaluateAt: when a queued attempt's wait runs out.</remarks>
public sealed record ZoneChoice(string Zone, string Reason, bool Move = false, DateTimeOffset? ReevaluateAt = null);
