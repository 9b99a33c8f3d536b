namespace Orchestrator.Charts.Tests.Docker;

/// <summary>One Dockerfile instruction (continuation lines joined) and the stage it belongs to.</summary>
internal sealed record DockerInstruction(int Stage, int Line, string Keyword, string Arguments);
