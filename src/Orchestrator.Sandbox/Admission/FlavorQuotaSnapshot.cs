namespace Orchestrator.Sandbox.Admission;

/// <remarks>A resource missing from <paramref name="BorrowingLimit"/> may borrow without limit, as in Kueue.</remarks>
internal sealed record FlavorQuotaSnapshot(string Flavor, IReadOnlyDictionary<string, decimal> NominalQuota, IReadOnlyDictionary<string, decimal>? BorrowingLimit = null);
