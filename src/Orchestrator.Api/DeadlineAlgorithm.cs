using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>How the Deadline policy spends its slack between spot and on-demand (docs/policies.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeadlineAlgorithm>))]
public enum DeadlineAlgorithm
{
    /// <summary>Uniform Progress (<i>Can't Be Late</i>, NSDI 2024): on-demand while behind the uniform line and spot is not running.</summary>
    UniformProgress,

    /// <summary>ROSS (Bhuyan et al., 2026): warm-up, one randomized on-demand injection, then spot with the safety net.</summary>
    Ross,
}
