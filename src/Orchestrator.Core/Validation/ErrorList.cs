namespace Orchestrator.Core.Validation;

/// <summary>Collects errors in the order the rules find them.</summary>
internal sealed class ErrorList
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Errors => _errors;

    public void Add(string path, string message) => _errors.Add(new ValidationError(path, message));

    public void AtLeast(string path, long? value, long minimum)
    {
        if (value < minimum)
        {
            Add(path, $"must be at least {minimum} (got {value})");
        }
    }
}
