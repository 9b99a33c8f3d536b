using System.Text.Json.Nodes;
using k8s;
using Orchestrator.Api;
using Orchestrator.Core.Validation;
using YamlDotNet.Core;

namespace Orchestrator.Cli.Kube;

/// <summary>
/// Reads TrainingRuns from a YAML file and validates them with Core's rules before anything reaches the cluster.
/// Each comes back twice: typed, for those rules, and as written, for the API server to judge unknown fields.
/// </summary>
public static class TrainingRunFile
{
    private static readonly Dictionary<string, Type> TypeMap = new()
    {
        [$"{ApiGroup.ApiVersion}/{ApiGroup.Kind}"] = typeof(TrainingRun),
    };

    public static IReadOnlyList<RunDocument> Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.NotFound, $"{path}: file not found", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: cannot read ({e.Message})", e);
        }

        return Parse(path, text);
    }

    public static IReadOnlyList<RunDocument> Parse(string path, string text)
    {
        List<object> objects;
        IReadOnlyList<JsonNode?> bodies;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(text, TypeMap, strict: false);
            bodies = YamlToJson.ParseAll(text);
        }
        catch (YamlException e)
        {
            var where = e.Start.Line > 0 ? $"line {e.Start.Line}: " : "";
            throw new CliException(ExitCodes.InvalidInput, $"{path}: {where}{Innermost(e).Message}", e);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or ArgumentException or KeyNotFoundException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: not a TrainingRun ({Innermost(e).Message})", e);
        }

        if (bodies.Count != objects.Count)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: {objects.Count} document(s) read as objects but {bodies.Count} as YAML; remove empty documents");
        }

        var runs = new List<RunDocument>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i] is not TrainingRun run)
            {
                var kind = objects[i] is IKubernetesObject o ? $"{o.ApiVersion}/{o.Kind}" : objects[i].GetType().Name;
                throw new CliException(ExitCodes.InvalidInput, $"{path}: document {i + 1} is {kind}, not {ApiGroup.ApiVersion}/{ApiGroup.Kind}");
            }

            var errors = TrainingRunValidator.Validate(run);
            if (errors.Count > 0)
            {
                var name = run.Metadata?.Name ?? $"document {i + 1}";
                throw new CliException(
                    ExitCodes.InvalidInput,
                    $"{path}: trainingrun \"{name}\" is invalid:" + string.Concat(errors.Select(e => $"\n  {e}")));
            }

            runs.Add(new RunDocument(run, bodies[i]!.AsObject()));
        }

        if (runs.Count == 0)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: no TrainingRun in the file");
        }

        return runs;
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
