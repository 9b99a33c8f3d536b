using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// Builds a container's environment as the kubelet does: envFrom first, then env in order (later
/// wins), with <c>$(VAR)</c> references to earlier variables expanded (<c>$$</c> escapes), then
/// values that are container paths translated to host paths.
/// </summary>
internal static partial class ContainerEnvironment
{
    public static async Task<Dictionary<string, string>> BuildAsync(
        IKubernetes client, V1Pod pod, V1Container container, PathTranslator paths, CancellationToken cancellationToken)
    {
        var ns = pod.Metadata.NamespaceProperty;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var prefix = source.Prefix ?? string.Empty;
            if (source.ConfigMapRef is { } configMapRef)
            {
                var data = await ReadConfigMapAsync(client, ns, configMapRef.Name, configMapRef.Optional == true, cancellationToken);
                foreach (var (key, value) in data)
                {
                    env[prefix + key] = value;
                }
            }

            if (source.SecretRef is { } secretRef)
            {
                var data = await ReadSecretAsync(client, ns, secretRef.Name, secretRef.Optional == true, cancellationToken);
                foreach (var (key, value) in data)
                {
                    env[prefix + key] = value;
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            var value = await ValueOfAsync(client, pod, container, variable, env, cancellationToken);
            if (value is not null)
            {
                env[variable.Name] = value;
            }
        }

        foreach (var name in env.Keys.ToList())
        {
            env[name] = paths.Translate(env[name]);
        }

        return env;
    }

    /// <summary>Expands <c>$(NAME)</c> from <paramref name="env"/>; unknown references stay as written, <c>$$(</c> is an escaped <c>$(</c>.</summary>
    public static string Expand(string text, IReadOnlyDictionary<string, string> env) =>
        Reference().Replace(text, m => m.Value.StartsWith("$$", StringComparison.Ordinal)
            ? m.Value[1..]
            : env.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    private static async Task<string?> ValueOfAsync(
        IKubernetes client, V1Pod pod, V1Container container, V1EnvVar variable, Dictionary<string, string> env, CancellationToken cancellationToken)
    {
        if (variable.ValueFrom is not { } from)
        {
            return Expand(variable.Value ?? string.Empty, env);
        }

        var ns = pod.Metadata.NamespaceProperty;
        if (from.FieldRef is { } fieldRef)
        {
            return FieldPaths.Resolve(pod, fieldRef.FieldPath);
        }

        if (from.ResourceFieldRef is { } resourceRef)
        {
            return ResourceValue(pod, container, resourceRef);
        }

        if (from.ConfigMapKeyRef is { } configMapKey)
        {
            var data = await ReadConfigMapAsync(client, ns, configMapKey.Name, configMapKey.Optional == true, cancellationToken);
            return data.TryGetValue(configMapKey.Key, out var value) ? value : MissingKey("configMap", configMapKey.Name, configMapKey.Key, configMapKey.Optional);
        }

        if (from.SecretKeyRef is { } secretKey)
        {
            var data = await ReadSecretAsync(client, ns, secretKey.Name, secretKey.Optional == true, cancellationToken);
            return data.TryGetValue(secretKey.Key, out var value) ? value : MissingKey("secret", secretKey.Name, secretKey.Key, secretKey.Optional);
        }

        return null;
    }

    private static string? MissingKey(string kind, string name, string key, bool? optional) =>
        optional == true ? null : throw new InvalidOperationException($"couldn't find key {key} in {kind} {name}");

    private static string ResourceValue(V1Pod pod, V1Container self, V1ResourceFieldSelector selector)
    {
        var container = selector.ContainerName is { Length: > 0 } other
            ? pod.Spec.Containers.FirstOrDefault(c => c.Name == other) ?? self
            : self;
        var dot = selector.Resource.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            throw new InvalidOperationException($"resourceFieldRef.resource '{selector.Resource}' must be limits.<name> or requests.<name>");
        }

        var kind = selector.Resource[..dot];
        var resource = selector.Resource[(dot + 1)..];
        var list = kind == "limits" ? container.Resources?.Limits : container.Resources?.Requests;
        if (list?.TryGetValue(resource, out var quantity) != true)
        {
            return "0";
        }

        var divisor = selector.Divisor?.ToDecimal() ?? 1m;
        return Math.Ceiling(quantity!.ToDecimal() / (divisor == 0 ? 1 : divisor)).ToString(CultureInfo.InvariantCulture);
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadConfigMapAsync(
        IKubernetes client, string ns, string name, bool optional, CancellationToken cancellationToken)
    {
        try
        {
            var configMap = await client.CoreV1.ReadNamespacedConfigMapAsync(name, ns, cancellationToken: cancellationToken);
            return configMap.Data?.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal) ?? [];
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return optional ? new Dictionary<string, string>() : throw new InvalidOperationException($"configmap \"{name}\" not found", ex);
        }
    }

    private static async Task<IReadOnlyDictionary<string, string>> ReadSecretAsync(
        IKubernetes client, string ns, string name, bool optional, CancellationToken cancellationToken)
    {
        try
        {
            var secret = await client.CoreV1.ReadNamespacedSecretAsync(name, ns, cancellationToken: cancellationToken);
            var data = (secret.Data ?? new Dictionary<string, byte[]>()).ToDictionary(kv => kv.Key, kv => Encoding.UTF8.GetString(kv.Value), StringComparer.Ordinal);
            foreach (var (key, value) in secret.StringData ?? new Dictionary<string, string>())
            {
                data[key] = value;
            }

            return data;
        }
        catch (Exception ex) when (ApiErrors.IsNotFound(ex))
        {
            return optional ? new Dictionary<string, string>() : throw new InvalidOperationException($"secret \"{name}\" not found", ex);
        }
    }

    [GeneratedRegex(@"\$?\$\((?<name>[A-Za-z_][A-Za-z0-9_.\-]*)\)")]
    private static partial Regex Reference();
}
