namespace Orchestrator.Core.Validation;

/// <summary>Messages shared with the CRD's CEL rules, so both say the same thing.</summary>
internal static class Messages
{
    public const string Required = "is required";
    public const string DnsLabel = "must be a DNS label (lower-case letters, digits and '-', at most 63 characters)";
    public const string PositiveDuration = "must be a positive duration such as 90s, 30m or 1h30m";
    public const string Gpu = "a container that requests nvidia.com/gpu must set the same amount in limits";
    public const string AbsolutePath = "must be an absolute path";

    public static string InvalidDuration(string text) => $"invalid duration \"{text}\" (use Go syntax such as 90s, 30m or 1h30m)";
}
