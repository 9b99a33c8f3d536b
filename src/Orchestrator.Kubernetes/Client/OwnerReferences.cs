using k8s;
using k8s.Models;
using Orchestrator.Kubernetes.Caching;

namespace Orchestrator.Kubernetes.Client;

/// <summary>Owner references, so the garbage collector removes what a run created when the run is deleted.</summary>
public static class OwnerReferences
{
    /// <summary>
    /// A controller reference to <paramref name="owner"/> (controller: true, blockOwnerDeletion: true), e.g. on
    /// each attempt's Job. The owner must have been read from the server (it needs a uid).
    /// </summary>
    public static V1OwnerReference ControllerOf(IKubernetesObject<V1ObjectMeta> owner)
    {
        var declared = TypeMeta.Of(owner.GetType());
        var apiVersion = string.IsNullOrEmpty(owner.ApiVersion) ? declared?.ApiVersion : owner.ApiVersion;
        var kind = string.IsNullOrEmpty(owner.Kind) ? declared?.Kind : owner.Kind;
        if (string.IsNullOrEmpty(owner.Metadata?.Uid) || apiVersion is null || kind is null)
        {
            throw new ArgumentException($"{kind} {owner.Metadata?.Name} lacks a uid, apiVersion or kind: owner references need an object read from the server.", nameof(owner));
        }

        return new V1OwnerReference
        {
            ApiVersion = apiVersion,
            Kind = kind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>True when <paramref name="obj"/> names <paramref name="owner"/> (by uid) as its controller.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> obj, IKubernetesObject<V1ObjectMeta> owner) =>
        obj.Metadata?.OwnerReferences?.Any(r => r.Controller == true && r.Uid == owner.Metadata?.Uid) == true;
}
