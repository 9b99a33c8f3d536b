using Orchestrator.Api;

namespace Orchestrator.Core.Validation;

/// <summary>
/// Validates a TrainingRun as the CRD schema and its CEL rules do, plus what a schema cannot say
/// (storage URI shapes, whole GPUs, name lengths the attempt Jobs need, reserved env names), so the
/// controller can report InvalidSpec where no API server validated. Absent optional fields are
/// valid: <see cref="TrainingRunDefaults"/> fills them. Errors come in field order.
/// </summary>
public static class TrainingRunValidator
{
    public static IReadOnlyList<ValidationError> Validate(TrainingRun run)
    {
        var errors = new ErrorList();
        MetadataRules.Check(errors, run.Metadata);
        SpecRules.Check(errors, run.Spec);
        return errors.Errors;
    }

    /// <summary>Validates the spec alone, for callers that have no object metadata (a CLI check of a file).</summary>
    public static IReadOnlyList<ValidationError> ValidateSpec(TrainingRunSpec spec)
    {
        var errors = new ErrorList();
        SpecRules.Check(errors, spec);
        return errors.Errors;
    }
}
