using System.Text.Json.Nodes;
using Orchestrator.Api;

namespace Orchestrator.Cli.Kube;

/// <summary>One TrainingRun of a file: <paramref name="Run"/> as trainctl reads it, <paramref name="Body"/> exactly as written.</summary>
public sealed record RunDocument(TrainingRun Run, JsonObject Body);
