namespace Orchestrator.Cli.Kube;

/// <summary>What the API server does with fields the schema does not know (its <c>fieldValidation</c> directive).</summary>
public enum FieldValidationMode
{
    /// <summary>Refuse the write, naming every unknown field (kubectl's default, and ours).</summary>
    Strict,

    /// <summary>Drop unknown fields and say so in a <c>Warning</c> header.</summary>
    Warn,

    /// <summary>Drop unknown fields silently.</summary>
    Ignore,
}
