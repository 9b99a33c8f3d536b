using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Orchestrator.Core.Tests.Purity;

/// <summary>Lists the assemblies and types a compiled assembly references that would let it do I/O.</summary>
internal static class ReferenceInspector
{
    // KubernetesClient ships both the HTTP client (k8s.Kubernetes) and the plain model classes
    // (k8s.Models: V1PodTemplateSpec, V1Condition, ...). The Api's TrainingRun is built from those
    // models, so Core must see them; only the k8s.Models namespace is allowed from that assembly.
    private const string KubernetesClient = "KubernetesClient";
    private const string KubernetesModels = "k8s.Models";

    // KubernetesJson is the models' serializer (converters for quantities, int-or-string, dates): pure, no I/O.
    private const string KubernetesJson = "k8s.KubernetesJson";

    // C# iterators (yield return) read Environment.CurrentManagedThreadId; every other Environment member is banned.
    private static readonly string[] AllowedEnvironmentMembers = ["get_CurrentManagedThreadId"];

    private static readonly string[] AllowedAssemblies = ["Orchestrator.Api", KubernetesClient, "netstandard"];

    private static readonly string[] BannedAssemblyPrefixes =
        ["System.Net", "System.IO", "System.Console", "System.Diagnostics.Process", "System.Private.Uri"];

    private static readonly string[] BannedTypePrefixes =
    [
        "System.IO.File", "System.IO.Directory", "System.IO.Pipes", "System.IO.MemoryMappedFiles", "System.IO.FileStream",
        "System.Net.", "System.Console", "System.Diagnostics.Process", "System.Threading.Thread",
    ];

    public static IReadOnlyList<string> Violations(Assembly assembly)
    {
        var violations = new List<string>();
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            var name = reference.Name ?? "";
            var allowed = AllowedAssemblies.Contains(name) ||
                ((name.StartsWith("System.", StringComparison.Ordinal) || name == "System") &&
                 !BannedAssemblyPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)));
            if (!allowed)
            {
                violations.Add($"assembly {name}");
            }
        }

        using var stream = File.OpenRead(assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            var ns = metadata.GetString(type.Namespace);
            var fullName = ns.Length == 0 ? metadata.GetString(type.Name) : $"{ns}.{metadata.GetString(type.Name)}";
            var from = type.ResolutionScope.Kind == HandleKind.AssemblyReference
                ? metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name)
                : null;
            if (from == KubernetesClient && ns != KubernetesModels && fullName != KubernetesJson)
            {
                violations.Add($"type {fullName} from {KubernetesClient} (only {KubernetesModels} is allowed)");
            }
            else if (BannedTypePrefixes.Any(p => fullName.StartsWith(p, StringComparison.Ordinal)))
            {
                violations.Add($"type {fullName}");
            }
        }

        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind != HandleKind.TypeReference)
            {
                continue;
            }

            var parent = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
            var name = metadata.GetString(member.Name);
            if (metadata.GetString(parent.Namespace) == "System" && metadata.GetString(parent.Name) == "Environment" && !AllowedEnvironmentMembers.Contains(name))
            {
                violations.Add($"member System.Environment.{name}");
            }
        }

        return violations;
    }
}
