using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Kubernetes.Caching;

/// <summary>
/// A list+watch source over one KubernetesClient list operation (<c>List...WithHttpMessagesAsync</c>), used for
/// both pages and watch streams. Build one with <see cref="ListWatchSources"/>.
/// </summary>
/// <typeparam name="T">The object type.</typeparam>
/// <typeparam name="TList">The list type the operation returns.</typeparam>
/// <param name="call">Calls the list operation with the given query parameters.</param>
public sealed class KubernetesListWatchSource<T, TList>(Func<ListRequest, CancellationToken, Task<HttpOperationResponse<TList>>> call)
    : IListWatchSource<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IMetadata<V1ListMeta>, IItems<T>
{
    /// <inheritdoc />
    public async Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        HttpOperationResponse<TList> response;
        try
        {
            response = await call(new ListRequest(continueToken, limit, null, false, null), cancellationToken);
        }
        catch (HttpOperationException ex) when (ApiErrors.IsGone(ex))
        {
            throw new ResourceExpiredException("The list's continue token expired.", ex);
        }

        using (response)
        {
            var list = response.Body;
            var meta = list.Metadata ?? new V1ListMeta();
            return new ListPage<T>([.. (list.Items ?? []).Select(TypeMeta.Fill)], meta.ResourceVersion ?? "", string.IsNullOrEmpty(meta.ContinueProperty) ? null : meta.ContinueProperty);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<ResourceEvent<T>> WatchAsync(string resourceVersion, TimeSpan timeout, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Exception? streamError = null;

        // KubernetesClient reports ERROR events (and undecodable lines) through this callback and keeps reading;
        // stop at the first one so the caller can re-list or back off.
        void OnError(Exception ex)
        {
            streamError ??= ex;
            stop.Cancel();
        }

        var seconds = Math.Max(1, (int)timeout.TotalSeconds);
        var responseTask = call(new ListRequest(null, null, resourceVersion, true, seconds), stop.Token);
        // CS0618: WatchAsync<T, L> is marked for a future deprecation, but in 21.x it is the only typed watch over any
        // list operation; its replacements (WatchList*Async) exist per built-in type and yield untyped objects for CRDs.
#pragma warning disable CS0618
        var events = responseTask.WatchAsync<T, TList>(OnError, stop.Token).GetAsyncEnumerator(stop.Token);
#pragma warning restore CS0618
        await using (events)
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync();
                }
                catch (OperationCanceledException) when (streamError is not null && !cancellationToken.IsCancellationRequested)
                {
                    more = false;
                }
                catch (HttpOperationException ex) when (ApiErrors.IsGone(ex))
                {
                    throw new ResourceExpiredException($"resourceVersion {resourceVersion} is too old to watch from.", ex);
                }

                if (streamError is not null)
                {
                    throw ApiErrors.IsGone(streamError)
                        ? new ResourceExpiredException($"The watch from resourceVersion {resourceVersion} expired.", streamError)
                        : new IOException("The watch stream reported an error.", streamError);
                }

                if (!more)
                {
                    yield break;
                }

                var (type, item) = events.Current;
                yield return new ResourceEvent<T>(type, TypeMeta.Fill(item));
            }
        }
    }
}
