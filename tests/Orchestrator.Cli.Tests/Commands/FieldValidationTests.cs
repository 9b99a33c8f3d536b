using System.Text.Json;
using Orchestrator.Cli.Tests.Support;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary>
/// A typo in a spec is an error, as with kubectl: every writing command asks the API server for strict field
/// validation unless <c>--validate</c> says otherwise, and shows the server's message with the field path.
/// </summary>
public sealed class FieldValidationTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-validate-").FullName;
    private CliSandbox _sandbox = null!;

    public Task InitializeAsync()
    {
        _sandbox = CliSandbox.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _sandbox.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Submit_of_a_misspelt_field_is_refused_with_the_servers_strict_decoding_error()
    {
        var file = await TypoAsync();

        var result = await _sandbox.RunAsync("submit", "-f", file);

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Equal(
            "trainctl: trainingrun \"quickstart\" in namespace \"default\": TrainingRun in version \"v1alpha1\" cannot be handled as a TrainingRun: strict decoding error: unknown field \"spec.workerz\"",
            result.Error.Trim());
        Assert.Empty(await ItemsAsync());
    }

    [Theory]
    [InlineData("strict", ExitCodes.InvalidInput)]
    [InlineData("true", ExitCodes.InvalidInput)]
    [InlineData("warn", ExitCodes.Ok)]
    [InlineData("ignore", ExitCodes.Ok)]
    [InlineData("false", ExitCodes.Ok)]
    public async Task Validate_takes_kubectls_values(string value, int exitCode)
    {
        var file = await TypoAsync();

        var result = await _sandbox.RunAsync("submit", "-f", file, "--validate=" + value);

        Assert.Equal(exitCode, result.ExitCode);
        var warned = result.Error.Contains("Warning: unknown field \"spec.workerz\"", StringComparison.Ordinal);
        Assert.Equal(value == "warn", warned);
    }

    [Fact]
    public async Task An_unknown_validate_value_is_a_usage_error_naming_the_flag()
    {
        var result = await _sandbox.RunAsync("submit", "-f", Repo.Sample("quickstart.yaml"), "--validate=loose");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--validate", result.Error, StringComparison.Ordinal);
        Assert.Contains("strict", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_correct_run_is_created_under_strict_validation()
    {
        var result = await _sandbox.RunAsync("submit", "-f", Repo.Sample("quickstart.yaml"));

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.DoesNotContain("Warning", result.Error, StringComparison.Ordinal);
        Assert.Single(await ItemsAsync());
    }

    private async Task<string> TypoAsync()
    {
        var file = Path.Combine(_dir, "typo.yaml");
        var text = (await File.ReadAllTextAsync(Repo.Sample("quickstart.yaml"))).Replace("  workers: 2", "  workerz: 2", StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, text);
        return file;
    }

    private async Task<List<JsonElement>> ItemsAsync()
    {
        var list = await _sandbox.RunAsync("list", "-o", "json");
        return [.. JsonDocument.Parse(list.Out).RootElement.GetProperty("items").EnumerateArray()];
    }
}
