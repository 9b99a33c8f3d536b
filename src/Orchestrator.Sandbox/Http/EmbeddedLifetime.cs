namespace Orchestrator.Sandbox.Http;

/// <summary>
/// Keeps the web host from taking over SIGINT/SIGTERM (as the default console lifetime does): the sandbox
/// is embedded in tests and in trainctl, which own the process and stop the server by disposing it.
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
