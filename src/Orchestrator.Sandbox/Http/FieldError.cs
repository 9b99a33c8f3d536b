namespace Orchestrator.Sandbox.Http;

/// <summary>One invalid field, as in a 422 Status cause (<c>FieldValueRequired</c>, <c>FieldValueInvalid</c>, ...).</summary>
internal sealed record FieldError(string Type, string Field, string Message)
{
    public static FieldError Required(string field) => new("FieldValueRequired", field, "Required value");

    public static FieldError Invalid(string field, string value, string why) =>
        new("FieldValueInvalid", field, $"Invalid value: {value}: {why}");

    public static FieldError NotSupported(string field, string value, IEnumerable<string> allowed) =>
        new("FieldValueNotSupported", field,
            $"Unsupported value: {value}: supported values: {string.Join(", ", allowed.Select(a => $"\"{a}\""))}");

    public static FieldError Forbidden(string field, string why) => new("FieldValueForbidden", field, $"Forbidden: {why}");

    public static FieldError TypeInvalid(string field, string value, string why) =>
        new("FieldValueTypeInvalid", field, $"Invalid value: {value}: {why}");
}
