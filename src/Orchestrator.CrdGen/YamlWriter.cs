using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Orchestrator.CrdGen;

/// <summary>
/// Writes a JSON tree as block YAML in the layout kubectl and controller-gen use (list items at their
/// key's indent). Strings are plain when YAML reads them back as the same string, double-quoted
/// (JSON escaping, which is valid YAML) otherwise, so the output round-trips exactly.
/// </summary>
internal static partial class YamlWriter
{
    private static readonly JsonSerializerOptions QuoteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(JsonNode root)
    {
        var yaml = new StringBuilder();
        WriteMapping((JsonObject)root, 0, yaml);
        return yaml.ToString();
    }

    private static void WriteMapping(JsonObject mapping, int indent, StringBuilder yaml, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            if (!(first && firstInline))
            {
                yaml.Append(' ', indent);
            }

            first = false;
            yaml.Append(Scalar(key)).Append(':');
            WriteValue(value, indent, yaml, indentNested: true);
        }
    }

    private static void WriteSequence(JsonArray sequence, int indent, StringBuilder yaml)
    {
        foreach (var item in sequence)
        {
            yaml.Append(' ', indent).Append('-');
            if (item is JsonObject { Count: > 0 } mapping)
            {
                yaml.Append(' ');
                WriteMapping(mapping, indent + 2, yaml, firstInline: true);
            }
            else
            {
                WriteValue(item, indent, yaml, indentNested: true);
            }
        }
    }

    private static void WriteValue(JsonNode? value, int indent, StringBuilder yaml, bool indentNested)
    {
        switch (value)
        {
            case JsonObject { Count: 0 }:
                yaml.Append(" {}\n");
                break;
            case JsonArray { Count: 0 }:
                yaml.Append(" []\n");
                break;
            case JsonObject mapping:
                yaml.Append('\n');
                WriteMapping(mapping, indent + (indentNested ? 2 : 0), yaml);
                break;
            case JsonArray sequence:
                yaml.Append('\n');
                WriteSequence(sequence, indent, yaml);
                break;
            case null:
                yaml.Append(" null\n");
                break;
            default:
                yaml.Append(' ').Append(ScalarValue((JsonValue)value)).Append('\n');
                break;
        }
    }

    private static string ScalarValue(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => Scalar(value.GetValue<string>()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.ToJsonString(),
    };

    private static string Scalar(string text) =>
        PlainSafe().IsMatch(text) && !Reserved().IsMatch(text) ? text : JsonSerializer.Serialize(text, QuoteOptions);

    // Starts with a letter or '/' or '.', no ": " or " #", no leading/trailing space: YAML reads it as this string.
    [GeneratedRegex(@"^[A-Za-z/.][A-Za-z0-9 ._/(),'=-]*[A-Za-z0-9._/)]$|^[A-Za-z]$")]
    private static partial Regex PlainSafe();

    // Words YAML 1.1 readers (YamlDotNet, go-yaml v2) turn into booleans or null.
    [GeneratedRegex("^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$")]
    private static partial Regex Reserved();
}
