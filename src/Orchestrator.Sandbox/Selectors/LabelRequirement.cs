namespace Orchestrator.Sandbox.Selectors;

/// <summary>One term of a label selector.</summary>
internal sealed record LabelRequirement(string Key, LabelOperator Operator, IReadOnlyList<string> Values)
{
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelOperator.Exists => has,
            LabelOperator.DoesNotExist => !has,
            LabelOperator.In => has && Values.Contains(value!),
            LabelOperator.NotIn => !has || !Values.Contains(value!),
            _ => false,
        };
    }
}
