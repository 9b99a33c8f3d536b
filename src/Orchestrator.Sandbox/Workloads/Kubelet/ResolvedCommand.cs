namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>The host program and arguments a container's command resolves to.</summary>
public sealed record ResolvedCommand(string FileName, IReadOnlyList<string> Arguments);
