namespace Orchestrator.Sandbox.Http;

/// <summary>The <c>fieldValidation</c> directive of a write (Strict, Warn or Ignore) and the warnings it produced.</summary>
internal sealed class FieldValidation
{
    // The API server's own list, "" meaning "not given" (apimachinery's ValidateFieldValidation); matching is
    // case-sensitive there, so "strict" or kubectl's "true" is a 422, not a silent Warn.
    private static readonly string[] Allowed = ["", "Ignore", "Strict", "Warn"];

    private FieldValidation(string mode) => Mode = mode;

    public string Mode { get; }

    public List<string> Warnings { get; } = [];

    /// <summary>Reads the query parameter; absent means Warn, the server default since Kubernetes 1.25.</summary>
    /// <param name="given">The parameter's value, null when absent.</param>
    /// <param name="optionsKind">CreateOptions, UpdateOptions or PatchOptions: the kind the server names in the error.</param>
    public static FieldValidation Parse(string? given, string optionsKind)
    {
        var value = given ?? "";
        if (!Allowed.Contains(value, StringComparer.Ordinal))
        {
            throw ApiException.Invalid($"{optionsKind}.meta.k8s.io", "", "", [FieldError.NotSupported("fieldValidation", $"\"{value}\"", Allowed)]);
        }

        return new FieldValidation(value.Length == 0 ? "Warn" : value);
    }
}
