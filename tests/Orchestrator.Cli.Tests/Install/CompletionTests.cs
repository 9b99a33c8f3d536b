using System.Diagnostics;
using Orchestrator.Cli.Tests.Commands;
using Orchestrator.Cli.Tests.Rendering;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Install;

/// <summary>
/// Shell completion on System.CommandLine's own <c>[suggest:POSITION]</c> directive: commands, flags and the names of
/// the runs in the cluster; and the bash script <c>trainctl completion bash</c> prints, run by a real bash.
/// </summary>
public sealed class CompletionTests : IAsyncLifetime
{
    private CliSandbox _sandbox = null!;

    public async Task InitializeAsync()
    {
        _sandbox = CliSandbox.Start();
        await _sandbox.CreateAsync(Runs.Pending("alpha"));
        await _sandbox.CreateAsync(Runs.Pending("beta"));
        await _sandbox.CreateAsync(Runs.Pending("gamma", "research"));
    }

    public async Task DisposeAsync() => await _sandbox.DisposeAsync();

    [Theory]
    [InlineData("command", "trainctl lo", "logs")]
    [InlineData("flag_of_a_command", "trainctl logs x --fo", "--follow")]
    [InlineData("run_names_of_the_default_namespace", "trainctl status ", "alpha\nbeta")]
    [InlineData("run_names_by_prefix", "trainctl logs al", "alpha")]
    [InlineData("run_names_of_the_namespace_on_the_line", "trainctl -n research describe ", "gamma")]
    [InlineData("shells", "trainctl completion ", "bash\nzsh")]
    public async Task Suggest_completes_from_the_command_tree_and_the_cluster(string name, string line, string expected)
    {
        _ = name;
        var result = await _sandbox.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        var offered = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Commands and flags come with System.CommandLine's substring matches; the shell keeps those with the prefix.
        // After a space, the flags are offered too; the values are what is not a flag.
        var word = line[(line.LastIndexOf(' ') + 1)..];
        var kept = offered.Where(o => o.StartsWith(word, StringComparison.Ordinal) && (word.StartsWith('-') || !IsFlag(o)));
        Assert.Equal(expected, string.Join('\n', kept));
    }

    [Fact]
    public async Task Without_a_cluster_run_names_complete_to_nothing_and_say_nothing()
    {
        const string line = "trainctl --kubeconfig /nonexistent/kubeconfig status ";
        var result = await Trainctl.RunAsync($"[suggest:{line.Length}]", line);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Empty(result.Error);
        Assert.All(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), o => Assert.True(IsFlag(o), o));
    }

    [Fact]
    public async Task The_bash_script_completes_commands_and_flags_in_a_real_bash()
    {
        var dir = Directory.CreateTempSubdirectory("trainctl-completion-").FullName;
        try
        {
            var script = await _sandbox.RunAsync("completion", "bash");
            await File.WriteAllTextAsync(Path.Combine(dir, "trainctl.bash"), script.Out);

            var commands = await CompleteAsync(dir, "trainctl sta", ["trainctl", "sta"]);
            var flags = await CompleteAsync(dir, "trainctl logs x --ti", ["trainctl", "logs", "x", "--ti"]);

            Assert.Equal("status", commands);
            Assert.Equal("--timestamps", flags);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>An option, help's /? and /h spellings included.</summary>
    private static bool IsFlag(string item) => item.StartsWith('-') || item.StartsWith('/');

    private static async Task<string> CompleteAsync(string dir, string line, string[] words)
    {
        // "trainctl" is what the user typed; here a function runs the built one, as the installed command would.
        var program = $"""
            trainctl() {"{"} dotnet '{Path.Combine(AppContext.BaseDirectory, "trainctl.dll")}' "$@"; {"}"}
            source trainctl.bash
            COMP_LINE='{line}'; COMP_POINT={line.Length}; COMP_WORDS=({string.Join(' ', words.Select(w => $"'{w}'"))}); COMP_CWORD={words.Length - 1}
            _trainctl_complete
            printf '%s\n' "${"{"}COMPREPLY[@]{"}"}"
            """;
        var info = new ProcessStartInfo("bash", ["-c", program]) { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        info.Environment["PATH"] = dir + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        info.Environment["KUBECONFIG"] = Path.Combine(dir, "none");
        using var bash = Process.Start(info)!;
        var output = bash.StandardOutput.ReadToEndAsync();
        var error = bash.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await bash.WaitForExitAsync(deadline.Token);
        Assert.True(bash.ExitCode == 0, await error);
        return (await output).Trim();
    }
}
