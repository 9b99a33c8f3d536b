using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Orchestrator.CrdGen;

/// <summary>The XML doc summaries of an assembly, so the CRD's descriptions (what <c>kubectl explain</c> shows) come from the same source as the types.</summary>
internal sealed partial class XmlDocs(IReadOnlyDictionary<string, string> summaries)
{
    public static XmlDocs For(Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"XML documentation of {assembly.GetName().Name} not found next to it; GenerateDocumentationFile must stay on", path);
        }

        var summaries = XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Flatten(m.Element("summary")!));
        return new XmlDocs(summaries);
    }

    public string? Of(Type type) => summaries.GetValueOrDefault("T:" + type.FullName);

    public string? Of(PropertyInfo property) => summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    private static string Flatten(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(node => node switch
        {
            XElement { Name.LocalName: "see" } see => CrefName((string?)see.Attribute("cref") ?? ""),
            XElement element => element.Value,
            _ => node.ToString(),
        }));
        return Whitespace().Replace(System.Net.WebUtility.HtmlDecode(text), " ").Trim();
    }

    // P:Orchestrator.Api.FallbackSpec.SpotWait reads as the field users write: spotWait.
    private static string CrefName(string cref)
    {
        var name = cref[(cref.LastIndexOf('.') + 1)..];
        return cref.StartsWith("P:", StringComparison.Ordinal) && name.Length > 0
            ? char.ToLowerInvariant(name[0]) + name[1..]
            : name;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
