using k8s;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli;

/// <summary>What commands need from the outside world; tests swap the client factory for an in-process sandbox.</summary>
public sealed class CliServices
{
    public required CliConsole Console { get; init; }

    public Func<KubeTarget, IKubernetes> ClientFactory { get; init; } = KubeClientFactory.Create;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public static CliServices Default() => new() { Console = CliConsole.FromSystemConsole() };
}
