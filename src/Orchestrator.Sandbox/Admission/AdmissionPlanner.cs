using System.Globalization;

namespace Orchestrator.Sandbox.Admission;

/// <summary>
/// One admission pass, as Kueue's scheduler does it for Jobs: evict what the remaining nodes can no
/// longer hold, then admit pending workloads in FIFO order, each all-or-nothing, trying the
/// ClusterQueue's flavors in order and putting the whole workload's resources of a resource group
/// on the first flavor where they all fit.
/// </summary>
internal static class AdmissionPlanner
{
    public const string NodeFailuresReason = "NodeFailures";

    public static AdmissionPlan Plan(AdmissionInput input)
    {
        var admitted = input.Admitted.ToList();
        var evictions = input.LiveCapacity is null ? [] : EvictBeyondCapacity(admitted, input.LiveCapacity);

        var usageByQueue = new Dictionary<string, Dictionary<string, Dictionary<string, decimal>>>();
        var usageByFlavor = new Dictionary<string, Dictionary<string, decimal>>();
        foreach (var workload in admitted)
        {
            AddUsage(usageByQueue, usageByFlavor, workload.ClusterQueue, workload.FlavorByResource, workload.Usage);
        }

        var queues = input.Queues.ToDictionary(q => q.Name, StringComparer.Ordinal);
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        var admissions = new List<AdmissionGrant>();
        var inadmissible = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pending in input.Pending.OrderBy(p => p.Created).ThenBy(p => p.Key, StringComparer.Ordinal))
        {
            if (pending.ClusterQueue is null || !queues.TryGetValue(pending.ClusterQueue, out var queue))
            {
                inadmissible[pending.Key] = pending.ClusterQueue is null
                    ? "LocalQueue doesn't exist or points to no ClusterQueue"
                    : $"ClusterQueue {pending.ClusterQueue} doesn't exist";
                continue;
            }

            if (blocked.Contains(queue.Name))
            {
                inadmissible[pending.Key] = $"Waiting behind an older workload in StrictFIFO ClusterQueue {queue.Name}";
                continue;
            }

            var quota = new QuotaView(queue, queues.Values.Where(q => queue.Cohort is not null && q.Cohort == queue.Cohort && q.Name != queue.Name).ToList(), usageByQueue);
            var (assignment, why) = TryAssign(queue, pending, quota, usageByFlavor, input.SchedulableCapacity);
            if (assignment is null)
            {
                inadmissible[pending.Key] = why;
                if (queue.StrictFifo)
                {
                    blocked.Add(queue.Name);
                }

                continue;
            }

            admissions.Add(new AdmissionGrant(pending.Key, queue.Name, assignment));
            AddUsage(usageByQueue, usageByFlavor, queue.Name, assignment, pending.Requests);
        }

        return new AdmissionPlan(admissions, evictions, inadmissible);
    }

    private static List<Eviction> EvictBeyondCapacity(
        List<AdmittedSnapshot> admitted,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>> capacity)
    {
        var evictions = new List<Eviction>();
        foreach (var (flavor, limits) in capacity.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            while (true)
            {
                var over = limits
                    .Where(limit => UsageOf(admitted, flavor, limit.Key) > limit.Value)
                    .Select(limit => limit.Key)
                    .FirstOrDefault();
                if (over is null)
                {
                    break;
                }

                // The most recently admitted workload goes first, as when Kueue preempts within a queue.
                var victim = admitted
                    .Where(w => !w.Evicting && Uses(w, flavor, over))
                    .OrderByDescending(w => w.AdmittedAt)
                    .ThenByDescending(w => w.Key, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (victim is null)
                {
                    // Only workloads already on their way out are left; their quota frees up soon.
                    break;
                }

                admitted.Remove(victim);
                var message = string.Create(
                    CultureInfo.InvariantCulture,
                    $"Flavor {flavor} lost nodes: {over} on live nodes is {limits[over]}, below what admitted workloads use");
                evictions.Add(new Eviction(victim.Key, NodeFailuresReason, message));
            }
        }

        return evictions;
    }

    private static bool Uses(AdmittedSnapshot workload, string flavor, string resource) =>
        workload.FlavorByResource.TryGetValue(resource, out var assigned) && assigned == flavor && workload.Usage.GetValueOrDefault(resource) > 0;

    private static decimal UsageOf(IEnumerable<AdmittedSnapshot> admitted, string flavor, string resource) =>
        admitted.Where(w => Uses(w, flavor, resource)).Sum(w => w.Usage[resource]);

    private static (IReadOnlyDictionary<string, string>? Assignment, string Why) TryAssign(
        QueueSnapshot queue,
        PendingSnapshot pending,
        QuotaView quota,
        Dictionary<string, Dictionary<string, decimal>> flavorUsage,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>? capacity)
    {
        var assignment = new Dictionary<string, string>(StringComparer.Ordinal);
        var requested = pending.Requests.Where(r => r.Value > 0).ToList();
        foreach (var (resource, _) in requested)
        {
            if (!queue.Groups.Any(g => g.CoveredResources.Contains(resource)))
            {
                return (null, $"resource {resource} unavailable in ClusterQueue {queue.Name}");
            }
        }

        foreach (var group in queue.Groups)
        {
            var wanted = requested.Where(r => group.CoveredResources.Contains(r.Key)).ToList();
            if (wanted.Count == 0)
            {
                continue;
            }

            var reasons = new List<string>();
            var chosen = group.Flavors.FirstOrDefault(flavor => Tolerated(flavor, pending, reasons) && Fits(flavor, wanted, quota, flavorUsage, capacity, reasons));
            if (chosen is null)
            {
                return (null, "couldn't assign flavors: " + string.Join("; ", reasons));
            }

            foreach (var (resource, _) in wanted)
            {
                assignment[resource] = chosen.Flavor;
            }
        }

        return (assignment, "");
    }

    private static bool Tolerated(FlavorQuotaSnapshot flavor, PendingSnapshot pending, List<string> reasons)
    {
        if (pending.UntoleratedFlavors?.Contains(flavor.Flavor) != true)
        {
            return true;
        }

        reasons.Add($"untolerated taint in flavor {flavor.Flavor}");
        return false;
    }

    private static bool Fits(
        FlavorQuotaSnapshot flavor,
        List<KeyValuePair<string, decimal>> wanted,
        QuotaView quota,
        Dictionary<string, Dictionary<string, decimal>> flavorUsage,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, decimal>>? capacity,
        List<string> reasons)
    {
        foreach (var (resource, amount) in wanted)
        {
            var available = quota.Available(flavor, resource);
            if (amount > available)
            {
                reasons.Add(string.Create(CultureInfo.InvariantCulture, $"insufficient quota for {resource} in flavor {flavor.Flavor}, request > maximum capacity ({amount} > {available})"));
                return false;
            }

            if (capacity is not null && capacity.TryGetValue(flavor.Flavor, out var limits) && limits.TryGetValue(resource, out var onNodes))
            {
                var usedOnNodes = flavorUsage.GetValueOrDefault(flavor.Flavor)?.GetValueOrDefault(resource) ?? 0;
                if (usedOnNodes + amount > onNodes)
                {
                    reasons.Add(string.Create(CultureInfo.InvariantCulture, $"insufficient {resource} on schedulable nodes of flavor {flavor.Flavor} ({amount} > {onNodes - usedOnNodes})"));
                    return false;
                }
            }
        }

        return true;
    }

    private static void AddUsage(
        Dictionary<string, Dictionary<string, Dictionary<string, decimal>>> usageByQueue,
        Dictionary<string, Dictionary<string, decimal>> usageByFlavor,
        string queue,
        IReadOnlyDictionary<string, string> flavorByResource,
        IReadOnlyDictionary<string, decimal> usage)
    {
        if (!usageByQueue.TryGetValue(queue, out var byFlavor))
        {
            usageByQueue[queue] = byFlavor = [];
        }

        foreach (var (resource, amount) in usage)
        {
            if (!flavorByResource.TryGetValue(resource, out var flavor))
            {
                continue;
            }

            if (!byFlavor.TryGetValue(flavor, out var queueTotals))
            {
                byFlavor[flavor] = queueTotals = [];
            }

            if (!usageByFlavor.TryGetValue(flavor, out var flavorTotals))
            {
                usageByFlavor[flavor] = flavorTotals = [];
            }

            queueTotals[resource] = queueTotals.GetValueOrDefault(resource) + amount;
            flavorTotals[resource] = flavorTotals.GetValueOrDefault(resource) + amount;
        }
    }
}
