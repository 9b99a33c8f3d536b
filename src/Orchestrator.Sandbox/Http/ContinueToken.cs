using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// The opaque <c>continue</c> value of paginated lists: the resourceVersion of the list's first page, how many objects
/// earlier pages returned and the key the next page starts after. As with etcd, a token whose resourceVersion has been
/// compacted away (here: fallen out of the watch history) is a 410; the 410's own token (resourceVersion -1)
/// continues at the current state, knowingly inconsistent.
/// </summary>
internal static class ContinueToken
{
    public const long Inconsistent = -1;
    private const string Prefix = "sandbox/v2:";

    public static string Encode(string lastKey, long listedSoFar, long resourceVersion) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{Prefix}{resourceVersion.ToString(CultureInfo.InvariantCulture)}:{listedSoFar.ToString(CultureInfo.InvariantCulture)}:{lastKey}"));

    /// <summary>The key the next page starts after, how many objects earlier pages returned, and the list's resourceVersion.</summary>
    public static (string AfterKey, long ListedSoFar, long ResourceVersion) Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':', 3) : [];
            if (parts.Length == 3 &&
                long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var rv) &&
                long.TryParse(parts[1], CultureInfo.InvariantCulture, out var listed))
            {
                return (parts[2], listed, rv);
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as any other foreign token.
        }

        throw ApiException.BadRequest("continue key is not valid: not a continue token of this server");
    }

    /// <summary>The apiserver's 410 for a compacted continue token, carrying the inconsistent continuation in its list metadata.</summary>
    public static ApiException Expired(string afterKey, long listedSoFar) =>
        new(410, "Expired",
            "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, " +
            "or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an " +
            "inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.")
        {
            Continue = Encode(afterKey, listedSoFar, Inconsistent),
        };
}
