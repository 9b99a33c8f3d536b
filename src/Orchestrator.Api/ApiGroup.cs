namespace Orchestrator.Api;

/// <summary>Names that identify the TrainingRun resource on the API server.</summary>
public static class ApiGroup
{
    public const string Name = "orchestrator.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Name + "/" + Version;
    public const string Kind = "TrainingRun";
    public const string ListKind = "TrainingRunList";
    public const string Plural = "trainingruns";
    public const string Singular = "trainingrun";
    public const string ShortName = "tr";
    public const string CrdName = Plural + "." + Name;
}
