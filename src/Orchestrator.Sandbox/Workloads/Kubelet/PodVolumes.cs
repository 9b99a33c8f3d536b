using System.Text;
using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// Gives each pod volume a host folder: emptyDir (and anything unsupported) a folder of the pod,
/// hostPath its own path, persistentVolumeClaim a folder per claim that outlives the pod, secret and
/// configMap a folder holding one file per key.
/// </summary>
internal static class PodVolumes
{
    public static async Task<Dictionary<string, string>> PrepareAsync(
        IKubernetes client, V1Pod pod, PodFolders folders, string podsRoot, CancellationToken cancellationToken)
    {
        var hostFolders = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            var ns = pod.Metadata.NamespaceProperty;
            string folder;
            if (volume.HostPath is { } hostPath)
            {
                folder = hostPath.Path;
            }
            else if (volume.PersistentVolumeClaim is { } claim)
            {
                folder = PodFolders.ClaimFolder(podsRoot, ns, claim.ClaimName);
            }
            else
            {
                folder = Path.Combine(folders.Volumes, volume.Name);
            }

            Directory.CreateDirectory(folder);
            if (volume.Secret is { } secret)
            {
                await WriteSecretAsync(client, ns, secret, folder, cancellationToken);
            }
            else if (volume.ConfigMap is { } configMap)
            {
                await WriteConfigMapAsync(client, ns, configMap, folder, cancellationToken);
            }

            hostFolders[volume.Name] = folder;
        }

        return hostFolders;
    }

    /// <summary>The mountPath → host path table of one container.</summary>
    public static PathTranslator TranslatorFor(V1Container container, IReadOnlyDictionary<string, string> hostFolders, IReadOnlyDictionary<string, string>? imageFiles = null)
    {
        var mounts = new List<KeyValuePair<string, string>>();
        foreach (var (containerPath, hostPath) in imageFiles ?? new Dictionary<string, string>())
        {
            if (container.VolumeMounts?.Any(m => m.MountPath == containerPath) != true)
            {
                mounts.Add(KeyValuePair.Create(containerPath, hostPath));
            }
        }

        foreach (var mount in container.VolumeMounts ?? [])
        {
            if (!hostFolders.TryGetValue(mount.Name, out var folder))
            {
                throw new InvalidOperationException($"volumeMount '{mount.Name}' of container '{container.Name}' names no volume of the pod");
            }

            if (!string.IsNullOrEmpty(mount.SubPath))
            {
                folder = Path.Combine(folder, mount.SubPath);
                Directory.CreateDirectory(folder);
            }

            mounts.Add(KeyValuePair.Create(mount.MountPath, folder));
        }

        return new PathTranslator(mounts);
    }

    private static async Task WriteSecretAsync(IKubernetes client, string ns, V1SecretVolumeSource source, string folder, CancellationToken cancellationToken)
    {
        V1Secret secret;
        try
        {
            secret = await client.CoreV1.ReadNamespacedSecretAsync(source.SecretName, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex) && source.Optional == true)
        {
            return;
        }

        var data = (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
        {
            data[key] = Encoding.UTF8.GetBytes(value);
        }

        foreach (var (key, value) in data)
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, key), value, cancellationToken);
        }
    }

    private static async Task WriteConfigMapAsync(IKubernetes client, string ns, V1ConfigMapVolumeSource source, string folder, CancellationToken cancellationToken)
    {
        V1ConfigMap configMap;
        try
        {
            configMap = await client.CoreV1.ReadNamespacedConfigMapAsync(source.Name, ns, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex) && source.Optional == true)
        {
            return;
        }

        foreach (var (key, value) in configMap.Data ?? new Dictionary<string, string>())
        {
            await File.WriteAllTextAsync(Path.Combine(folder, key), value, cancellationToken);
        }

        foreach (var (key, value) in configMap.BinaryData ?? new Dictionary<string, byte[]>())
        {
            await File.WriteAllBytesAsync(Path.Combine(folder, key), value, cancellationToken);
        }
    }
}
