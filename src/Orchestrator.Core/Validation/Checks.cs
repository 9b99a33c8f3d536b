using System.Text.RegularExpressions;
using Orchestrator.Api.Schema;
using Orchestrator.Core.Durations;

namespace Orchestrator.Core.Validation;

/// <summary>Field checks shared by the rule sets.</summary>
internal static partial class Checks
{
    public static bool IsDnsLabel(string value) => value.Length <= 63 && DnsLabel().IsMatch(value);

    /// <summary>Checks an optional positive duration; returns it when it is valid.</summary>
    public static TimeSpan? PositiveDuration(ErrorList errors, string path, string? text, bool allowZero = false)
    {
        if (text is null)
        {
            return null;
        }

        if (!GoDuration.TryParse(text, out var value))
        {
            errors.Add(path, Messages.InvalidDuration(text));
            return null;
        }

        if (value < TimeSpan.Zero || (value == TimeSpan.Zero && !allowZero))
        {
            errors.Add(path, allowZero ? "must not be negative" : Messages.PositiveDuration);
            return null;
        }

        return value;
    }

    [GeneratedRegex(Patterns.DnsLabel)]
    private static partial Regex DnsLabel();
}
