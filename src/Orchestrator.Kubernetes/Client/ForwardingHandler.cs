namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// Sends KubernetesClient's requests to a given handler. The client appends its own socket handler after the
/// handlers it is given, so this one deliberately does not call its inner handler.
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
