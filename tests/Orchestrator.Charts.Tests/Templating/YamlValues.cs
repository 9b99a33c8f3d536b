using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;

namespace Orchestrator.Charts.Tests.Templating;

/// <summary>
/// YAML as Helm sees it: maps of string keys, lists, and plain scalars resolved to null, booleans,
/// integers and floats (YAML 1.2 core schema), quoted scalars kept as strings.
/// </summary>
internal static partial class YamlValues
{
    private static readonly ISerializer Serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();

    /// <summary>Every document of a YAML stream, converted; empty documents are skipped.</summary>
    public static List<object?> LoadAll(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents.Select(d => Convert(d.RootNode)).Where(d => d is not null).ToList();
    }

    public static Dictionary<string, object?> LoadMap(string yaml) =>
        LoadAll(yaml) switch
        {
            [] => new Dictionary<string, object?>(StringComparer.Ordinal),
            [Dictionary<string, object?> map] => map,
            _ => throw new InvalidDataException("expected one YAML document holding a map"),
        };

    /// <summary>Helm's toYaml: the value as block YAML without the final newline.</summary>
    public static string ToYaml(object? value) => value is null ? "null" : Serializer.Serialize(value).TrimEnd('\n');

    /// <summary>A deep copy of <paramref name="values"/> with <paramref name="path"/> (a.b.c) set, like <c>helm --set</c>.</summary>
    public static Dictionary<string, object?> With(Dictionary<string, object?> values, string path, object? value)
    {
        var copy = (Dictionary<string, object?>)DeepCopy(values)!;
        var map = copy;
        var keys = path.Split('.');
        foreach (var key in keys[..^1])
        {
            if (map.GetValueOrDefault(key) is not Dictionary<string, object?> child)
            {
                child = new Dictionary<string, object?>(StringComparer.Ordinal);
                map[key] = child;
            }

            map = child;
        }

        map[keys[^1]] = value;
        return copy;
    }

    public static object? DeepCopy(object? value) => value switch
    {
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => DeepCopy(p.Value), StringComparer.Ordinal),
        List<object?> list => list.Select(DeepCopy).ToList(),
        _ => value,
    };

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            p => ((YamlScalarNode)p.Key).Value ?? "",
            p => Convert(p.Value),
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => scalar.Style == YamlDotNet.Core.ScalarStyle.Plain ? Resolve(scalar.Value ?? "") : scalar.Value,
        _ => throw new InvalidDataException($"unsupported YAML node {node.NodeType}"),
    };

    private static object? Resolve(string plain)
    {
        if (plain is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (plain is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (plain is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (IntegerPattern().IsMatch(plain))
        {
            return long.Parse(plain, CultureInfo.InvariantCulture);
        }

        return FloatPattern().IsMatch(plain) ? double.Parse(plain, CultureInfo.InvariantCulture) : plain;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
