namespace Orchestrator.Sandbox.Http;

/// <summary>
/// Lets KubernetesClient talk to a TestServer: the client chains its own inner handler after ours,
/// so this one ignores it and sends straight to the in-memory server.
/// </summary>
internal sealed class ForwardingHandler(HttpMessageHandler target) : DelegatingHandler
{
    private readonly HttpMessageInvoker _invoker = new(target, disposeHandler: false);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _invoker.Dispose();
        }

        base.Dispose(disposing);
    }
}
