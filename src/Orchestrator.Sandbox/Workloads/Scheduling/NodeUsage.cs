namespace Orchestrator.Sandbox.Workloads.Scheduling;

/// <summary>
/// What the pods bound (or assumed bound) to each node request, kept up to date pod by pod so that a
/// scheduling decision costs O(nodes), not O(pods).
/// </summary>
internal sealed class NodeUsage
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Node, Dictionary<string, decimal> Requests)> _byPod = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, decimal>> _byNode = new(StringComparer.Ordinal);

    public void Set(string podKey, string node, Func<Dictionary<string, decimal>> requests)
    {
        lock (_gate)
        {
            if (_byPod.TryGetValue(podKey, out var existing))
            {
                if (existing.Node == node)
                {
                    return;
                }

                Subtract(existing.Node, existing.Requests);
            }

            var amounts = requests();
            _byPod[podKey] = (node, amounts);
            if (!_byNode.TryGetValue(node, out var total))
            {
                _byNode[node] = total = new Dictionary<string, decimal>(StringComparer.Ordinal);
            }

            PodResources.Add(total, amounts);
        }
    }

    public void Remove(string podKey)
    {
        lock (_gate)
        {
            if (_byPod.Remove(podKey, out var existing))
            {
                Subtract(existing.Node, existing.Requests);
            }
        }
    }

    public Dictionary<string, decimal> Of(string node)
    {
        lock (_gate)
        {
            return _byNode.TryGetValue(node, out var total)
                ? new Dictionary<string, decimal>(total, StringComparer.Ordinal)
                : new Dictionary<string, decimal>(StringComparer.Ordinal);
        }
    }

    private void Subtract(string node, Dictionary<string, decimal> amounts)
    {
        if (_byNode.TryGetValue(node, out var total))
        {
            foreach (var (name, amount) in amounts)
            {
                total[name] = total.GetValueOrDefault(name) - amount;
            }
        }
    }
}
