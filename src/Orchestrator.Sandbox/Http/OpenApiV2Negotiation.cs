using System.Globalization;

namespace Orchestrator.Sandbox.Http;

/// <summary>
/// Which form of /openapi/v2 an <c>Accept</c> header gets, as kube-openapi's handler decides: clauses by quality, the
/// first one matching JSON or either protobuf spelling wins (a wildcard matches JSON first); none matching is a 406.
/// </summary>
internal static class OpenApiV2Negotiation
{
    public enum Form { Json, Protobuf, NotAcceptable }

    private static readonly (string Type, string SubType, Form Form)[] Offered =
    [
        ("application", "json", Form.Json),
        ("application", "com.github.proto-openapi.spec.v2@v1.0+protobuf", Form.Protobuf),
        ("application", "com.github.proto-openapi.spec.v2.v1.0+protobuf", Form.Protobuf),
    ];

    public static Form Choose(string? accept)
    {
        var clauses = (string.IsNullOrWhiteSpace(accept) ? "*/*" : accept)
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select((clause, order) => Parse(clause, order))
            .Where(c => c.Quality > 0)
            .OrderByDescending(c => c.Quality)
            .ThenBy(c => c.Order);
        foreach (var (type, subType, _, _) in clauses)
        {
            foreach (var offered in Offered)
            {
                if ((type == "*" || type == offered.Type) && (subType == "*" || subType == offered.SubType))
                {
                    return offered.Form;
                }
            }
        }

        return Form.NotAcceptable;
    }

    private static (string Type, string SubType, double Quality, int Order) Parse(string clause, int order)
    {
        var parts = clause.Split(';', StringSplitOptions.TrimEntries);
        var media = parts[0].Split('/', 2);
        var quality = 1.0;
        foreach (var parameter in parts.Skip(1))
        {
            if (parameter.StartsWith("q=", StringComparison.Ordinal) &&
                double.TryParse(parameter[2..], NumberStyles.Float, CultureInfo.InvariantCulture, out var q))
            {
                quality = q;
            }
        }

        return (media[0], media.Length > 1 ? media[1] : "*", quality, order);
    }
}
