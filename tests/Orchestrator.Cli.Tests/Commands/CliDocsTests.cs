using System.Reflection;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary>docs/cli.md documents every command, its flags, and every exit code with its number.</summary>
public sealed class CliDocsTests
{
    private static readonly string Docs = File.ReadAllText(Path.Combine(Repo.Root, "docs", "cli.md"));

    public static TheoryData<string> Commands => new(Root().Subcommands.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Commands))]
    public void Every_command_has_a_section_naming_its_options(string name)
    {
        var command = Root().Subcommands.Single(c => c.Name == name);
        var heading = Docs.Split('\n').FirstOrDefault(line => line.StartsWith($"### `{name}", StringComparison.Ordinal));

        Assert.True(heading is not null, $"docs/cli.md has no '### `{name}' section");
        foreach (var option in command.Options.Where(o => !o.Hidden))
        {
            Assert.True(option.Aliases.Prepend(option.Name).Any(n => heading.Contains(n, StringComparison.Ordinal)), $"the '{name}' heading does not name {option.Name}");
        }
    }

    private static System.CommandLine.RootCommand Root() =>
        TrainctlApp.Build(new CliServices { Console = new CliConsole(TextWriter.Null, TextWriter.Null) });

    [Fact]
    public void Every_exit_code_is_in_the_table_with_its_number()
    {
        foreach (var field in typeof(ExitCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            Assert.Contains($"| {field.GetValue(null)} | `{field.Name}` |", Docs, StringComparison.Ordinal);
        }
    }
}
