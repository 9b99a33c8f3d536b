namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>A running container: a host process or a simulated behaviour.</summary>
internal interface IContainerProcess : IDisposable
{
    string ContainerId { get; }

    /// <summary>Completes with the exit code (128 + signal when killed by a signal).</summary>
    Task<int> Exited { get; }

    /// <summary>SIGTERM: ask the container to stop.</summary>
    void Terminate();

    /// <summary>SIGKILL to the container and everything it started.</summary>
    void Kill();
}
