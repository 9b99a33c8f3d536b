using System.CommandLine;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Commands;

/// <summary>The kubectl-style options every cluster command accepts, declared once and shared (recursive on the root).</summary>
public sealed class GlobalOptions
{
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Path to the kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then in-cluster)",
        Recursive = true,
    };

    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use",
        Recursive = true,
    };

    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "Namespace (default: the context's namespace, else \"default\")",
        Recursive = true,
    };

    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "Output format: table, wide, json or yaml (cost: table, csv or json)",
        Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
        CustomParser = result => ParseFormat(result.Tokens.Count == 0 ? "table" : result.Tokens[0].Value, result),
    };

    public IEnumerable<Option> All => [Kubeconfig, Context, Namespace, Output];

    public KubeTarget Target(ParseResult parse) => new(parse.GetValue(Kubeconfig), parse.GetValue(Context));

    /// <summary>The namespace flag, else the kubeconfig context's namespace, else "default".</summary>
    public string ResolveNamespace(ParseResult parse)
    {
        var flag = parse.GetValue(Namespace);
        if (!string.IsNullOrEmpty(flag))
        {
            return flag;
        }

        return ContextNamespace(parse) is { Length: > 0 } fromContext ? fromContext : "default";
    }

    private string? ContextNamespace(ParseResult parse)
    {
        try
        {
            return KubeClientFactory.BuildConfig(Target(parse)).Namespace;
        }
        catch (CliException)
        {
            return null;
        }
    }

    private static OutputFormat ParseFormat(string value, System.CommandLine.Parsing.ArgumentResult result)
    {
        switch (value.ToUpperInvariant())
        {
            case "TABLE":
                return OutputFormat.Table;
            case "WIDE":
                return OutputFormat.Wide;
            case "JSON":
                return OutputFormat.Json;
            case "YAML":
                return OutputFormat.Yaml;
            case "CSV":
                return OutputFormat.Csv;
            default:
                result.AddError($"--output: unknown format \"{value}\" (use table, wide, json, yaml, or csv for cost)");
                return OutputFormat.Table;
        }
    }
}
