using System.Text.Json.Nodes;
using System.CommandLine;
using Orchestrator.Cli.Kube;
using Orchestrator.Cli.Rendering;

namespace Orchestrator.Cli.Commands;

/// <summary><c>trainctl submit -f FILE</c>: validate locally with the same rules as the controller, then create.</summary>
public static class SubmitCommand
{
    public static Command Create(GlobalOptions global, CliServices services)
    {
        var file = new Option<FileInfo>("--filename", "-f") { Description = "TrainingRun YAML file", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Validate only; create nothing" };
        var validate = ValidateOption.Create();
        var command = new Command("submit", "Validate a TrainingRun file and create it") { file, dryRun, validate };
        CommandAction.Set(command, services, async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            var runs = TrainingRunFile.Load(path.FullName);
            if (parse.GetValue(dryRun))
            {
                foreach (var (run, _) in runs)
                {
                    await services.Console.Out.WriteLineAsync($"trainingrun/{run.Metadata.Name} valid (dry run)");
                }

                return ExitCodes.Ok;
            }

            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)), services.Console.Error);
            var ns = parse.GetValue(global.Namespace);
            var format = parse.GetValue(global.Output);
            foreach (var (run, body) in runs)
            {
                var target = ns ?? run.Metadata.NamespaceProperty ?? global.ResolveNamespace(parse);
                if (body["metadata"] is not JsonObject metadata)
                {
                    body["metadata"] = metadata = [];
                }

                metadata["namespace"] = target;
                var created = await client.CreateAsync(target, body, parse.GetValue(validate), ct);
                switch (format)
                {
                    case OutputFormat.Json:
                        await services.Console.Out.WriteLineAsync(ObjectOutput.Json(created));
                        break;
                    case OutputFormat.Yaml:
                        await services.Console.Out.WriteLineAsync(ObjectOutput.Yaml(created));
                        break;
                    default:
                        await services.Console.Out.WriteLineAsync($"trainingrun/{created.Metadata.Name} created in namespace {created.Metadata.NamespaceProperty}");
                        break;
                }
            }

            if (format is OutputFormat.Table or OutputFormat.Wide)
            {
                await services.Console.Error.WriteLineAsync($"Follow it with: trainctl status {runs[0].Run.Metadata.Name} -w");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
