using System.Globalization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Where a run's checkpoints live in a store (keys relative to the storage URI):
/// <code>
/// &lt;namespace&gt;/&lt;run&gt;/manifests/&lt;id&gt;.json       the commit point: a checkpoint exists iff this does
/// &lt;namespace&gt;/&lt;run&gt;/&lt;id&gt;/rank-&lt;r&gt;/&lt;files&gt;      each rank's files
/// &lt;namespace&gt;/&lt;run&gt;/&lt;id&gt;/rank-&lt;r&gt;.json          each rank's manifest, written after its files
/// &lt;namespace&gt;/&lt;run&gt;/requests/&lt;request&gt;/rank-&lt;r&gt;.json  a gang's agreement on a save step (not a checkpoint)
/// &lt;namespace&gt;/&lt;run&gt;/restores/a&lt;attempt&gt;/plan.json        what an attempt's restore listed and may take (the fence)
/// &lt;namespace&gt;/&lt;run&gt;/restores/a&lt;attempt&gt;/&lt;id&gt;/rank-&lt;r&gt;.json  rank r's verdict on a restore candidate
/// </code>
/// Manifests sit in their own folder so listing committed checkpoints never walks their files.
/// </summary>
public sealed class CheckpointLayout
{
    public CheckpointLayout(string ns, string run)
    {
        ValidateName(ns, "namespace");
        ValidateName(run, "run");
        Base = $"{ns}/{run}/";
        Namespace = ns;
        Run = run;
    }

    public string Namespace { get; }

    public string Run { get; }

    public string Base { get; }

    public string ManifestsPrefix => Base + "manifests/";

    public string ManifestKey(string id) => $"{ManifestsPrefix}{id}.json";

    public string CheckpointPrefix(string id) => $"{Base}{id}/";

    public string RankPrefix(string id, int rank) => $"{Base}{id}/{RankFolder(rank)}/";

    public string RankManifestKey(string id, int rank) => $"{Base}{id}/{RankFolder(rank)}.json";

    public string RequestsPrefix => Base + "requests/";

    public string RequestPrefix(string requestId) => $"{RequestsPrefix}{RequestFolder(requestId)}/";

    public string RequestRankKey(string requestId, int rank) => $"{RequestPrefix(requestId)}{RankFolder(rank)}.json";

    public string RestoresPrefix => Base + "restores/";

    public string RestorePlanKey(int attempt) => $"{RestoresPrefix}a{attempt.ToString(CultureInfo.InvariantCulture)}/plan.json";

    public string RestoreVerdictKey(int attempt, string id, int rank) => $"{RestoresPrefix}a{attempt.ToString(CultureInfo.InvariantCulture)}/{id}/{RankFolder(rank)}.json";

    /// <summary>
    /// Request ids come from the controller (<c>a3-notice</c>); one with characters a store key should not carry
    /// is named by its hash instead, the same on every rank.
    /// </summary>
    public static string RequestFolder(string requestId)
    {
        if (requestId.Length is > 0 and <= 128 && requestId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') && requestId is not ("." or ".."))
        {
            return requestId;
        }

        return "h-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestId)))[..32];
    }

    public static string RankFolder(int rank) => "rank-" + rank.ToString(CultureInfo.InvariantCulture);

    private static void ValidateName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253 || value.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            throw new ArgumentException($"{what} '{value}' is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')");
        }
    }
}
