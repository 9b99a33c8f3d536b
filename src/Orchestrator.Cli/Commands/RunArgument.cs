using System.CommandLine;
using System.CommandLine.Completions;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Commands;

public static class RunArgument
{
    // Completion runs while the user waits at a prompt: a cluster that does not answer quickly gets no say.
    private static readonly TimeSpan CompletionBudget = TimeSpan.FromSeconds(3);

    /// <summary>The RUN argument; shell completion offers the names of the runs in the namespace the command line names.</summary>
    public static Argument<string> Create(GlobalOptions global, CliServices services)
    {
        var argument = new Argument<string>("RUN") { Description = "The TrainingRun's name" };
        argument.CompletionSources.Add(context => RunNames(global, services, context));
        return argument;
    }

    private static IEnumerable<CompletionItem> RunNames(GlobalOptions global, CliServices services, CompletionContext context)
    {
        try
        {
            using var budget = new CancellationTokenSource(CompletionBudget);
            var parse = context.ParseResult;
            var client = new TrainingRunClient(services.ClientFactory(global.Target(parse)));
            var runs = client.ListAsync(global.ResolveNamespace(parse), null, budget.Token).GetAwaiter().GetResult();
            return [.. runs.Items
                .Select(r => r.Metadata.Name)
                .Where(n => n.StartsWith(context.WordToComplete, StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(n => new CompletionItem(n))];
        }
        catch (Exception e) when (e is CliException or OperationCanceledException or HttpRequestException)
        {
            // No cluster, no kubeconfig, no permission: complete nothing rather than print an error into the prompt.
            return [];
        }
    }
}
