using System.CommandLine;
using Orchestrator.Cli.Kube;

namespace Orchestrator.Cli.Commands;

/// <summary>kubectl's <c>--validate</c>: strict (or true, or the bare flag), warn, ignore (or false); strict by default.</summary>
public static class ValidateOption
{
    public static Option<FieldValidationMode> Create() => new("--validate")
    {
        Description = "How the API server treats fields the TrainingRun schema does not know: strict (or true; the default) refuses the write, warn drops them with a warning, ignore (or false) drops them silently",
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => FieldValidationMode.Strict,
        CustomParser = result => result.Tokens.Count == 0 ? FieldValidationMode.Strict : Parse(result.Tokens[0].Value, result),
    };

    private static FieldValidationMode Parse(string value, System.CommandLine.Parsing.ArgumentResult result)
    {
        switch (value.ToUpperInvariant())
        {
            case "STRICT" or "TRUE":
                return FieldValidationMode.Strict;
            case "WARN":
                return FieldValidationMode.Warn;
            case "IGNORE" or "FALSE":
                return FieldValidationMode.Ignore;
            default:
                result.AddError($"--validate: unknown value \"{value}\" (use strict (or true), warn, or ignore (or false))");
                return FieldValidationMode.Strict;
        }
    }
}
