using System.Text.RegularExpressions;

namespace Orchestrator.Checkpoints.Storage;

/// <summary>
/// Removes credentials from text before it reaches a log, an exception message or a status field:
/// known secret values verbatim, plus anything shaped like a key, a SAS signature or a signed URL parameter.
/// </summary>
public sealed partial class Redactor
{
    public const string Mask = "[REDACTED]";

    private readonly string[] _secrets;

    public Redactor(IEnumerable<string?> secrets)
    {
        _secrets = [.. secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 4).Select(s => s!).Distinct(StringComparer.Ordinal)];
    }

    public static Redactor None { get; } = new([]);

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }

        text = KeyValueSecret().Replace(text, m => m.Groups["name"].Value + "=" + Mask);
        return text;
    }

    // Connection-string parts (AccountKey=, SharedAccessSignature=), SAS query parameters (sig=) and
    // SigV4 presigned parameters. Case-insensitive because SDKs differ.
    [GeneratedRegex(@"(?<name>AccountKey|SharedAccessSignature|SharedAccessKey|sig|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|AWSSecretAccessKey|aws_secret_access_key|SecretAccessKey)=(?!\[REDACTED\])[^;&\s""']*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex KeyValueSecret();
}
