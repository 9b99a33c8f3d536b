namespace Orchestrator.Core.Tests.Validation;

/// <summary>
/// A change that makes a valid run invalid, and the one error it must produce. SchemaRejects is
/// false when only Core can see the problem (the CRD schema cannot express it).
/// </summary>
public sealed record BadSpec(string Name, Func<TrainingRunBuilder, TrainingRunBuilder> Change, string Error, bool SchemaRejects = true);
