using System.Globalization;

namespace Orchestrator.Checkpoints.Protocol;

/// <summary>
/// Where a run's checkpoints live in a store (keys relative to the storage URI):
/// <code>
/// &lt;namespace&gt;/&lt;run&gt;/manifests/&lt;id&gt;.json       the commit point: a checkpoint exists iff this does
/// &lt;namespace&gt;/&lt;run&gt;/&lt;id&gt;/rank-&lt;r&gt;/&lt;files&gt;      each rank's files
/// &lt;namespace&gt;/&lt;run&gt;/&lt;id&gt;/rank-&lt;r&gt;.json          each rank's manifest, written after its files
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

    public static string RankFolder(int rank) => "rank-" + rank.ToString(CultureInfo.InvariantCulture);

    private static void ValidateName(string value, string what)
    {
        if (string.IsNullOrEmpty(value) || value.Length > 253 || value.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            throw new ArgumentException($"{what} '{value}' is not a valid Kubernetes name (lowercase letters, digits, '-' and '.')");
        }
    }
}
