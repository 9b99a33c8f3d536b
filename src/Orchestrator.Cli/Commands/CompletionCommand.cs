using System.CommandLine;

namespace Orchestrator.Cli.Commands;

/// <summary>
/// <c>trainctl completion bash|zsh</c>: a script for the shell that asks trainctl itself for completions through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive, so commands, flags and run names (from the cluster)
/// complete from the same command tree that parses them.
/// </summary>
public static class CompletionCommand
{
    public const string Bash = """
        # trainctl completion for bash: source <(trainctl completion bash)
        _trainctl_complete() {
            local IFS=$'\n'
            local candidates
            candidates=$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _trainctl_complete trainctl kubectl-trainctl

        """;

    public const string Zsh = """
        #compdef trainctl kubectl-trainctl
        # trainctl completion for zsh: source <(trainctl completion zsh)
        _trainctl() {
            local -a candidates
            candidates=("${(@f)$(${words[1]} "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            compadd -- "${candidates[@]}"
        }
        compdef _trainctl trainctl kubectl-trainctl

        """;

    public static Command Create(CliServices services)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the shell completion script for bash or zsh") { shell };
        CommandAction.Set(command, services, async (parse, _) =>
        {
            await services.Console.Out.WriteAsync(parse.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Ok;
        });
        return command;
    }
}
