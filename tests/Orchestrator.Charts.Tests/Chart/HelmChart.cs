using Orchestrator.Charts.Tests.Templating;

namespace Orchestrator.Charts.Tests.Chart;

/// <summary>A chart folder: Chart.yaml, values.yaml and every template, parsed.</summary>
internal sealed class HelmChart
{
    public const string ReleaseName = "orchestrator";
    public const string ReleaseNamespace = "orchestrator-system";

    private readonly Dictionary<string, object?> _values;

    private HelmChart(string directory, Dictionary<string, object?> metadata, Dictionary<string, object?> values, IReadOnlyList<ParsedTemplate> templates)
    {
        Directory = directory;
        Metadata = metadata;
        _values = values;
        Templates = templates;
    }

    public string Directory { get; }

    public Dictionary<string, object?> Metadata { get; }

    /// <summary>A fresh copy of values.yaml for each caller to change.</summary>
    public Dictionary<string, object?> DefaultValues => (Dictionary<string, object?>)YamlValues.DeepCopy(_values)!;

    /// <summary>Every file under templates/, paths relative to the chart (templates/x.yaml).</summary>
    public IReadOnlyList<ParsedTemplate> Templates { get; }

    public static HelmChart Load(string directory)
    {
        var metadata = YamlValues.LoadMap(File.ReadAllText(Path.Combine(directory, "Chart.yaml")));
        var values = YamlValues.LoadMap(File.ReadAllText(Path.Combine(directory, "values.yaml")));
        var templates = System.IO.Directory.EnumerateFiles(Path.Combine(directory, "templates"), "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(path => TemplateParser.Parse(Path.GetRelativePath(directory, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToList();
        return new HelmChart(directory, metadata, values, templates);
    }

    /// <summary>Renders like <c>helm template</c>: manifests from every template not starting with _, plus NOTES.txt.</summary>
    public RenderedChart Render(Dictionary<string, object?>? values = null, string releaseName = ReleaseName)
    {
        var context = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Values"] = values ?? DefaultValues,
            ["Release"] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["Name"] = releaseName,
                ["Namespace"] = ReleaseNamespace,
                ["Service"] = "Helm",
                ["IsInstall"] = true,
                ["IsUpgrade"] = false,
                ["Revision"] = 1L,
            },
            ["Chart"] = Metadata.ToDictionary(p => char.ToUpperInvariant(p.Key[0]) + p.Key[1..], p => p.Value, StringComparer.Ordinal),
        };
        var engine = new TemplateEngine(Templates);
        var manifests = new List<RenderedManifest>();
        var notes = "";
        foreach (var template in Templates)
        {
            var name = Path.GetFileName(template.File);
            if (name.StartsWith('_'))
            {
                continue;
            }

            var text = engine.Render(template, context);
            if (name == "NOTES.txt")
            {
                notes = text;
                continue;
            }

            manifests.Add(new RenderedManifest(template.File, text, ParseObjects(template.File, text)));
        }

        return new RenderedChart(manifests, notes);
    }

    private static List<Dictionary<string, object?>> ParseObjects(string file, string text)
    {
        try
        {
            return YamlValues.LoadAll(text)
                .Select(d => d as Dictionary<string, object?> ?? throw new InvalidDataException("a document is not a map"))
                .ToList();
        }
        catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidDataException)
        {
            throw new InvalidDataException($"{file} does not render to valid YAML: {e.Message}\n---\n{text}", e);
        }
    }
}
