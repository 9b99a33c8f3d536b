namespace Orchestrator.Cli.Demo;

/// <summary>One line of the story: when it happened on this machine and on the cluster's (scaled) clock.</summary>
internal sealed record DemoLine(TimeSpan Elapsed, TimeSpan ClusterElapsed, DemoLineKind Kind, string Text);
