using System.Collections.Concurrent;
using Cel;

namespace Orchestrator.Sandbox.Validation;

/// <summary>
/// One <c>x-kubernetes-validations</c> rule evaluated with the Cel package. Rules the package cannot
/// evaluate (Kubernetes-only functions, parse failures) are recorded in <see cref="Unenforced"/> and skipped.
/// </summary>
internal sealed class CelRule
{
    private static readonly Lock EnvironmentGate = new();
    private static readonly CelEnvironment Environment = new(null, "");
    private readonly CelProgramDelegate? _program;

    public CelRule(string rule, string? message, string? fieldPath, string? reason)
    {
        Rule = rule;
        Message = message;
        FieldPath = fieldPath;
        Reason = reason;
        IsTransition = rule.Contains("oldSelf", StringComparison.Ordinal);
        try
        {
            lock (EnvironmentGate)
            {
                _program = Environment.Compile(rule);
            }
        }
        catch (Exception e) when (e is CelException or InvalidOperationException or ArgumentException)
        {
            Unenforced.TryAdd(rule, $"does not compile with the Cel package: {e.Message}");
        }
    }

    /// <summary>Rules seen that this sandbox does not enforce, with why.</summary>
    public static ConcurrentDictionary<string, string> Unenforced { get; } = new(StringComparer.Ordinal);

    public string Rule { get; }

    public string? Message { get; }

    public string? FieldPath { get; }

    public string? Reason { get; }

    public bool IsTransition { get; }

    /// <summary>Null when the rule holds or cannot be evaluated here; otherwise the failure text.</summary>
    public string? Check(object? self, object? oldSelf)
    {
        if (_program is null)
        {
            return null;
        }

        var variables = new Dictionary<string, object?> { ["self"] = self };
        if (IsTransition)
        {
            variables["oldSelf"] = oldSelf;
        }

        try
        {
            object? result;
            lock (EnvironmentGate)
            {
                result = _program(variables!);
            }

            return result is true ? null : Message ?? $"failed rule: {Rule}";
        }
        catch (Exception e) when (e is CelNoSuchFieldException)
        {
            return $"rule evaluation error: {e.Message}";
        }
        catch (Exception e) when (e is CelException or InvalidOperationException or InvalidCastException or ArgumentException or NotSupportedException)
        {
            Unenforced.TryAdd(Rule, $"the Cel package cannot evaluate it: {e.Message}");
            return null;
        }
    }
}
