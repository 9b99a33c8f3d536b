namespace Orchestrator.Sandbox.Admission;

internal sealed record Eviction(string Key, string Reason, string Message);
