using System.Buffers.Text;
using System.Text;

namespace Orchestrator.Sandbox.Http;

/// <summary>The opaque <c>continue</c> value of paginated lists: the key the next page starts after.</summary>
internal static class ContinueToken
{
    private const string Prefix = "sandbox/v1:";

    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastKey));

    public static string Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as any other foreign token.
        }

        throw ApiException.BadRequest("continue key is not valid: not a continue token of this server");
    }
}
