using System.Collections.Concurrent;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Controller.Reconciliation;

/// <summary>
/// Creates the API server refused with a client error, remembered until the same create succeeds, so the next
/// reconcile can put the server's message in the run's status (Core decides; this only carries the outcome across).
/// After a restart the create is simply tried again and refused again.
/// </summary>
internal sealed class CreateRejections
{
    private readonly ConcurrentDictionary<(string Namespace, string Job), CreateRejection> _refused = new();

    public void Refused(string ns, string job, CreateRejection rejection) => _refused[(ns, job)] = rejection;

    public void Created(string ns, string job) => _refused.TryRemove((ns, job), out _);

    public bool Has(string ns, string job) => _refused.ContainsKey((ns, job));

    /// <summary>The refusals among <paramref name="jobNames"/> in <paramref name="ns"/>.</summary>
    public Dictionary<string, CreateRejection> For(string ns, IEnumerable<string> jobNames)
    {
        var result = new Dictionary<string, CreateRejection>(StringComparer.Ordinal);
        foreach (var job in jobNames)
        {
            if (_refused.TryGetValue((ns, job), out var rejection))
            {
                result[job] = rejection;
            }
        }

        return result;
    }
}
