using System.Globalization;

namespace Orchestrator.Core.Reconcile;

/// <summary>Deterministic names for what the controller creates, so a restarted controller never makes a duplicate.</summary>
public static class AttemptNames
{
    public const string CheckpointVolume = "orchestrator-checkpoints";
    public const string RestoreContainer = "orchestrator-restore";
    public const string AgentContainer = "orchestrator-agent";

    public static string Job(string run, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{run}-{attempt}");

    /// <summary>The run's headless rendezvous Service, also every attempt pod's subdomain.</summary>
    public static string Service(string run) => run;

    public static string NoticeSave(int attempt) => string.Create(CultureInfo.InvariantCulture, $"a{attempt}-notice");

    public static string SuspendSave(int attempt) => string.Create(CultureInfo.InvariantCulture, $"a{attempt}-suspend");

    public static string SwitchSave(int attempt) => string.Create(CultureInfo.InvariantCulture, $"a{attempt}-switch");

    public static string PeriodicSave(int attempt, int sequence) => string.Create(CultureInfo.InvariantCulture, $"a{attempt}-periodic-{sequence}");
}
