using k8s;
using k8s.KubeConfigModels;
using YamlDotNet.Serialization;

namespace Orchestrator.Kubernetes.Client;

/// <summary>
/// Reads a kubeconfig with a plain YamlDotNet deserializer instead of KubernetesClient's own loader. The library's
/// loader goes through <c>KubernetesYaml</c>, whose first use reflects over every model type in KubernetesClient just
/// to read the dozen fields a kubeconfig has: 30 MiB more resident memory than this in a small probe, 6–8 MiB in the
/// controller, for the life of the process (docs/controller.md, "Memory under the goal"). The resulting configuration is the same: relative
/// certificate and exec paths still resolve against the file's folder, and contexts, users and exec plugins are
/// handled by <see cref="KubernetesClientConfiguration.BuildConfigFromConfigObject"/>.
/// </summary>
public static class KubeconfigFile
{
    // The kubeconfig model names every field with a YamlMember alias, so no naming convention is needed; fields a
    // newer kubectl writes and this model lacks are skipped, as the library's loader does.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The kubeconfig at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No file at the path (the message names it).</exception>
    /// <exception cref="YamlDotNet.Core.YamlException">The file is not valid YAML or not shaped like a kubeconfig.</exception>
    public static K8SConfiguration Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The kubeconfig '{path}' does not exist.", path);
        }

        var config = Deserializer.Deserialize<K8SConfiguration?>(File.ReadAllText(path)) ?? new K8SConfiguration();
        config.FileName = Path.GetFullPath(path);
        return config;
    }

    /// <summary>The client configuration for <paramref name="context"/> (null: the file's current context).</summary>
    /// <exception cref="k8s.Exceptions.KubeConfigException">The context, cluster or user is missing or incomplete.</exception>
    public static KubernetesClientConfiguration Configuration(string path, string? context = null) =>
        KubernetesClientConfiguration.BuildConfigFromConfigObject(Load(path), context);
}
