namespace Orchestrator.Charts.Tests.Templating;

/// <summary>A parenthesised pipeline used as an argument.</summary>
internal sealed record PipelineOperand(Pipeline Pipeline) : Operand;
