using System.Text.Json;

namespace Orchestrator.Checkpoints.Protocol;

internal static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(byte[] json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"{what} is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{what} is not a valid {typeof(T).Name}: {e.Message}", e);
        }
    }
}
