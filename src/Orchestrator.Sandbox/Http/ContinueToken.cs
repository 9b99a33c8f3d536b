using System.Buffers.Text;
using System.Text;

namespace Orchestrator.Sandbox.Http;

/// <summary>The opaque <c>continue</c> value of paginated lists: the key the next page starts after.</summary>
internal static class ContinueToken
{
    private const string Prefix = "sandbox/v1:";

    public static string Encode(string lastKey, long listedSoFar) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{Prefix}{listedSoFar.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{lastKey}"));

    /// <summary>The key the next page starts after, and how many objects earlier pages returned.</summary>
    public static (string AfterKey, long ListedSoFar) Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var colon = text.StartsWith(Prefix, StringComparison.Ordinal) ? text.IndexOf(':', Prefix.Length) : -1;
            if (colon > 0 &&
                long.TryParse(text.AsSpan(Prefix.Length, colon - Prefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var listed))
            {
                return (text[(colon + 1)..], listed);
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as any other foreign token.
        }

        throw ApiException.BadRequest("continue key is not valid: not a continue token of this server");
    }
}
