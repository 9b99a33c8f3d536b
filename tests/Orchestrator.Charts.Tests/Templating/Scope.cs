namespace Orchestrator.Charts.Tests.Templating;

/// <summary>Variables visible at a point of a template; a control structure's body gets a child scope.</summary>
internal sealed class Scope(Scope? parent)
{
    private readonly Dictionary<string, object?> _variables = new(StringComparer.Ordinal);

    public void Declare(string name, object? value) => _variables[name] = value;

    public bool TryAssign(string name, object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.ContainsKey(name))
            {
                scope._variables[name] = value;
                return true;
            }
        }

        return false;
    }

    public bool TryGet(string name, out object? value)
    {
        for (var scope = this; scope is not null; scope = scope.Parent)
        {
            if (scope._variables.TryGetValue(name, out value))
            {
                return true;
            }
        }

        value = null;
        return false;
    }

    private Scope? Parent { get; } = parent;
}
