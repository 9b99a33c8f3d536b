using System.Text.Json.Nodes;
using Orchestrator.Api;

namespace Orchestrator.CrdGen;

/// <summary>Builds the TrainingRun CustomResourceDefinition (apiextensions.k8s.io/v1) from the Orchestrator.Api types.</summary>
public static class CrdGenerator
{
    private const string Header =
        "# Generated from the C# types in src/Orchestrator.Api by src/Orchestrator.CrdGen. Do not edit:\n" +
        "# change the types, then run `dotnet run --project src/Orchestrator.CrdGen`.\n";

    public static string GenerateYaml() => Header + YamlWriter.Write(Generate());

    public static JsonObject Generate()
    {
        var schema = new SchemaBuilder(XmlDocs.For(typeof(TrainingRun).Assembly)).Build(typeof(TrainingRun));
        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = ApiGroup.CrdName },
            ["spec"] = new JsonObject
            {
                ["group"] = ApiGroup.Name,
                ["names"] = new JsonObject
                {
                    ["kind"] = ApiGroup.Kind,
                    ["listKind"] = ApiGroup.ListKind,
                    ["plural"] = ApiGroup.Plural,
                    ["singular"] = ApiGroup.Singular,
                    ["shortNames"] = new JsonArray(ApiGroup.ShortName),
                },
                ["scope"] = "Namespaced",
                ["versions"] = new JsonArray(new JsonObject
                {
                    ["name"] = ApiGroup.Version,
                    ["served"] = true,
                    ["storage"] = true,
                    ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
                    ["additionalPrinterColumns"] = PrinterColumns(),
                    ["schema"] = new JsonObject { ["openAPIV3Schema"] = schema },
                }),
            },
        };
    }

    private static JsonArray PrinterColumns() =>
    [
        Column("Phase", "string", ".status.phase"),
        Column("Capacity", "string", ".status.capacityType"),
        Column("Attempt", "integer", ".status.currentAttempt"),
        Column("Preemptions", "integer", ".status.preemptions"),
        Column("Checkpoint", "integer", ".status.lastCheckpoint.step", "Step of the newest committed checkpoint"),
        Column("Age", "date", ".metadata.creationTimestamp"),
    ];

    private static JsonObject Column(string name, string type, string path, string? description = null)
    {
        var column = new JsonObject { ["name"] = name, ["type"] = type, ["jsonPath"] = path };
        if (description is not null)
        {
            column["description"] = description;
        }

        return column;
    }
}
