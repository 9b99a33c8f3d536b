namespace Orchestrator.Cli;

/// <summary>The TrainingRun CustomResourceDefinition (crds/), compiled into trainctl so the sandbox serves it from any folder.</summary>
public static class EmbeddedCrds
{
    private static readonly Lazy<string> Crd = new(() =>
    {
        using var stream = typeof(EmbeddedCrds).Assembly.GetManifestResourceStream("crds/trainingruns.yaml")
            ?? throw new InvalidOperationException("the TrainingRun CRD is missing from trainctl's resources");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string TrainingRun => Crd.Value;
}
