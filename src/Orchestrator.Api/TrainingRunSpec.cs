using System.Text.Json.Serialization;
using Orchestrator.Api.Schema;
using k8s.Models;

namespace Orchestrator.Api;

/// <summary>What the user asks for. Everything here is validated by the CRD schema and again by Core.</summary>
public sealed class TrainingRunSpec
{
    /// <summary>Number of worker pods in the gang; all are admitted together or not at all.</summary>
    [JsonPropertyName("workers")]
    [Minimum(1)]
    [Default(Defaults.Workers)]
    public int Workers { get; set; } = 1;

    /// <summary>The pod template every worker runs. The controller adds the restore init container, the agent and env.</summary>
    [JsonPropertyName("template")]
    [Required]
    public V1PodTemplateSpec Template { get; set; } = new();

    /// <summary>Rendezvous port and processes per worker for distributed training (PyTorch, torchrun).</summary>
    [JsonPropertyName("distributed")]
    [Default(DefaultAttribute.Empty)]
    public DistributedSpec? Distributed { get; set; }

    /// <summary>Kueue LocalQueue per capacity type.</summary>
    [JsonPropertyName("queues")]
    [Required]
    public QueueNames Queues { get; set; } = new();

    [JsonPropertyName("capacity")]
    [Default(DefaultAttribute.Empty)]
    public CapacitySpec? Capacity { get; set; }

    [JsonPropertyName("checkpoint")]
    [Required]
    public CheckpointSpec Checkpoint { get; set; } = new();

    /// <summary>Application failures (non-zero exits no disruption explains) tolerated before the run is Failed.</summary>
    [JsonPropertyName("maxAppFailures")]
    [Minimum(0)]
    [Default(Defaults.MaxAppFailures)]
    public int? MaxAppFailures { get; set; }

    /// <summary>True checkpoints and stops the current attempt; false again resumes from the newest checkpoint.</summary>
    [JsonPropertyName("suspend")]
    public bool? Suspend { get; set; }

    /// <summary>Prices per GPU-hour used for cost estimates; controller defaults apply when absent.</summary>
    [JsonPropertyName("pricing")]
    public PricingSpec? Pricing { get; set; }
}
