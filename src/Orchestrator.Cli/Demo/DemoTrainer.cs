namespace Orchestrator.Cli.Demo;

/// <summary>What the demo's workers run.</summary>
public enum DemoTrainer
{
    /// <summary>samples/trainer/train.py: standard library only; the two ranks' agents agree on each save step.</summary>
    Plain,

    /// <summary>samples/trainer/ddp_train.py: real PyTorch DDP over gloo, the ranks rendezvous through the run's Service.</summary>
    Pytorch,
}
