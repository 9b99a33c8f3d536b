namespace Orchestrator.Sandbox.Selectors;

internal enum LabelOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}
