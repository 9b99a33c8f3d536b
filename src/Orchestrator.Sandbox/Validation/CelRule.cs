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
    private const int CacheLimit = 20_000;
    private readonly CelProgramDelegate? _program;

    // Evaluations cost 50-400 µs with the Cel package; controllers rewrite the same specs on every status
    // update, so results are remembered per (self, oldSelf) JSON.
    private readonly ConcurrentDictionary<string, string> _results = new(StringComparer.Ordinal);

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
    public string? Check(System.Text.Json.Nodes.JsonNode self, System.Text.Json.Nodes.JsonNode? oldSelf)
    {
        if (_program is null)
        {
            return null;
        }

        var key = IsTransition
            ? self.ToJsonString() + "\u0001" + oldSelf?.ToJsonString()
            : self.ToJsonString();
        if (_results.TryGetValue(key, out var cached))
        {
            return cached.Length == 0 ? null : cached;
        }

        var result = Evaluate(CelValues.From(self), IsTransition ? CelValues.From(oldSelf) : null);
        if (_results.Count >= CacheLimit)
        {
            _results.Clear();
        }

        _results[key] = result ?? "";
        return result;
    }

    private string? Evaluate(object? self, object? oldSelf)
    {
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
                result = _program!(variables!);
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
