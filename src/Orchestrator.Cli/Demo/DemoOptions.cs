namespace Orchestrator.Cli.Demo;

/// <summary>How the demo runs; the defaults tell the whole story in well under two minutes on two cores.</summary>
internal sealed record DemoOptions
{
    /// <summary>Cluster seconds per real second: at 30 the 120 s spot notice passes in 4 s.</summary>
    public double TimeScale { get; init; } = 30;

    /// <summary>The trainer's steps; enough that the story's two preemptions land long before the end.</summary>
    public int Steps { get; init; } = 400;

    /// <summary>Real seconds each trainer step sleeps, standing in for GPU work.</summary>
    public double StepSeconds { get; init; } = 0.05;

    /// <summary>How long the whole demo may take before it gives up (real time).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(4);

    public DemoStorage Storage { get; init; } = DemoStorage.File;

    /// <summary>What the workers run: the standard-library sample trainer, or real PyTorch DDP.</summary>
    public DemoTrainer Trainer { get; init; } = DemoTrainer.Plain;

    /// <summary>The interpreter that imports torch, found when <see cref="Trainer"/> is PyTorch.</summary>
    public string? TorchPython { get; init; }

    /// <summary>Keep the temp folder (kubeconfig, checkpoints, pod logs) for a look afterwards.</summary>
    public bool KeepFiles { get; init; }

    public const string RunName = "quickstart";

    public const string Namespace = "default";
}
