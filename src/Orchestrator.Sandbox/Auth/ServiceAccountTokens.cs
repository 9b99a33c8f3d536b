using System.Collections.Concurrent;
using System.Security.Cryptography;
using Orchestrator.Sandbox.Resources;
using Orchestrator.Sandbox.Storage;

namespace Orchestrator.Sandbox.Auth;

/// <summary>
/// Tokens the TokenRequest API hands out (<c>POST .../serviceaccounts/NAME/token</c>), as the kubelet asks for a
/// pod's projected token. A token stops authenticating when it expires, when its ServiceAccount is deleted, or, when
/// bound to a pod, once that pod (by uid) is gone, as bound tokens do on a real cluster. Unlike real ones they are
/// opaque random strings, not signed JWTs: nothing here reads their claims.
/// </summary>
internal sealed class ServiceAccountTokens(ObjectStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Issued> _issued = new(StringComparer.Ordinal);

    public (string Token, DateTimeOffset Expires) Issue(string ns, string serviceAccount, string? podName, string? podUid, TimeSpan lifetime)
    {
        var token = "sandbox-sa." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var expires = time.GetUtcNow() + lifetime;
        _issued[token] = new Issued(ns, serviceAccount, podName, podUid, expires);
        return (token, expires);
    }

    public UserInfo? Authenticate(string token)
    {
        if (!_issued.TryGetValue(token, out var issued) || time.GetUtcNow() >= issued.Expires)
        {
            return null;
        }

        if (!ServiceAccountExists(issued.Namespace, issued.ServiceAccount))
        {
            return null;
        }

        if (issued.PodName is { } podName)
        {
            var pod = store.Get(BuiltInResources.Pods, issued.Namespace, podName);
            if (pod is null || (issued.PodUid is { } uid && pod.Uid != uid))
            {
                return null;
            }
        }

        return UserInfo.ForServiceAccount(issued.Namespace, issued.ServiceAccount);
    }

    /// <summary>Every namespace has a <c>default</c> ServiceAccount on a real cluster (its controller makes one); here it is implied.</summary>
    public bool ServiceAccountExists(string ns, string name) =>
        name == "default" || store.Get(BuiltInResources.ServiceAccounts, ns, name) is not null;

    private sealed record Issued(string Namespace, string ServiceAccount, string? PodName, string? PodUid, DateTimeOffset Expires);
}
