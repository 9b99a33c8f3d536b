namespace Orchestrator.Sandbox.Http;

/// <summary>The <c>fieldValidation</c> directive of a write (Strict, Warn or Ignore) and the warnings it produced.</summary>
internal sealed class FieldValidation(string mode)
{
    public string Mode { get; } = mode;

    public List<string> Warnings { get; } = [];
}
