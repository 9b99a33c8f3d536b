namespace Orchestrator.Sandbox.Admission;

/// <summary>
/// What a ClusterQueue may still use of a flavor's resource: its own unused nominal quota, or in a
/// cohort what is free across the cohort within its borrowing limit. Lending limits are not modelled.
/// </summary>
internal sealed class QuotaView(
    QueueSnapshot queue,
    IReadOnlyList<QueueSnapshot> cohortPeers,
    Dictionary<string, Dictionary<string, Dictionary<string, decimal>>> usageByQueue)
{
    public decimal Available(FlavorQuotaSnapshot flavor, string resource)
    {
        var nominal = flavor.NominalQuota.GetValueOrDefault(resource);
        var used = Used(queue.Name, flavor.Flavor, resource);
        if (cohortPeers.Count == 0)
        {
            return nominal - used;
        }

        // Quota is pooled in the cohort: the queue gets what is free in the whole cohort, up to its
        // own nominal quota plus its borrowing limit (unlimited when not set).
        var cohortFree = nominal - used;
        foreach (var peer in cohortPeers)
        {
            var peerQuota = peer.Groups.SelectMany(g => g.Flavors).FirstOrDefault(f => f.Flavor == flavor.Flavor);
            cohortFree += (peerQuota?.NominalQuota.GetValueOrDefault(resource) ?? 0) - Used(peer.Name, flavor.Flavor, resource);
        }

        var ownLimit = flavor.BorrowingLimit?.TryGetValue(resource, out var limit) == true ? nominal + limit - used : decimal.MaxValue;
        return Math.Min(cohortFree, ownLimit);
    }

    private decimal Used(string queueName, string flavor, string resource) =>
        usageByQueue.GetValueOrDefault(queueName)?.GetValueOrDefault(flavor)?.GetValueOrDefault(resource) ?? 0;
}
