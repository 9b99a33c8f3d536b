using System.Text.Json.Serialization;

namespace Orchestrator.Api;

/// <summary>Mirrors the AWS SDK's RequestChecksumCalculation / ResponseChecksumValidation.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<S3ChecksumMode>))]
public enum S3ChecksumMode
{
    WhenSupported,
    WhenRequired,
}
