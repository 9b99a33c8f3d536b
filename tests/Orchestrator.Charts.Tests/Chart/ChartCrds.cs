using System.Text;

namespace Orchestrator.Charts.Tests.Chart;

/// <summary>
/// Turns a CRD from crds/ into its chart template: wrapped in <c>crd.enabled</c>, with the
/// <c>helm.sh/resource-policy: keep</c> annotation under <c>crd.keep</c>. The body is otherwise
/// the file as is, so the chart installs exactly the CRD the API types generate.
/// </summary>
internal static class ChartCrds
{
    public const string UpdateVariable = "UPDATE_CHART_CRDS";

    private static readonly Lazy<bool> Updated = new(() =>
    {
        Directory.CreateDirectory(RepoPaths.ChartCrds);
        foreach (var source in Directory.EnumerateFiles(RepoPaths.Crds, "*.yaml"))
        {
            var name = Path.GetFileName(source);
            File.WriteAllText(Path.Combine(RepoPaths.ChartCrds, name), Wrap(name, File.ReadAllText(source)));
        }

        return true;
    });

    /// <summary>With UPDATE_CHART_CRDS=1, rewrites templates/crd/ from crds/ once per test run, before the chart is loaded.</summary>
    public static void UpdateIfRequested()
    {
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            _ = Updated.Value;
        }
    }

    public static string Wrap(string crdFileName, string crd)
    {
        if (crd.Contains("{{", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"crds/{crdFileName} contains '{{{{', which Helm would read as a template action");
        }

        var lines = crd.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        var metadata = Array.IndexOf(lines, "metadata:");
        if (metadata < 0)
        {
            throw new InvalidDataException($"crds/{crdFileName} has no top-level 'metadata:' line");
        }

        var annotations = Array.FindIndex(lines, metadata + 1, l => l == "  annotations:");
        var endOfMetadata = Array.FindIndex(lines, metadata + 1, l => l.Length > 0 && !l.StartsWith(' '));
        var ownAnnotations = annotations > 0 && (endOfMetadata < 0 || annotations < endOfMetadata);
        var output = new StringBuilder();
        output.Append("{{- if .Values.crd.enabled }}\n");
        output.Append($"# Generated from crds/{crdFileName}; do not edit. Regenerate: {UpdateVariable}=1 dotnet test tests/Orchestrator.Charts.Tests\n");
        for (var i = 0; i < lines.Length; i++)
        {
            output.Append(lines[i]).Append('\n');
            if (ownAnnotations && i == annotations)
            {
                output.Append("    {{- if .Values.crd.keep }}\n    helm.sh/resource-policy: keep\n    {{- end }}\n");
            }
            else if (!ownAnnotations && i == metadata)
            {
                output.Append("  {{- if .Values.crd.keep }}\n  annotations:\n    helm.sh/resource-policy: keep\n  {{- end }}\n");
            }
        }

        return output.Append("{{- end }}\n").ToString();
    }
}
