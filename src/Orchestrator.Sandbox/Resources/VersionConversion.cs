using System.Text.Json.Nodes;

namespace Orchestrator.Sandbox.Resources;

/// <summary>
/// How a served version that is not the storage version converts, as a CRD conversion webhook does: requests are
/// converted to the stored version on the way in, stored objects to the requested version on the way out. Both
/// functions get a copy they may change and return it with its <c>apiVersion</c> set.
/// </summary>
internal sealed record VersionConversion(Func<JsonObject, JsonObject> ToStored, Func<JsonObject, JsonObject> FromStored);
