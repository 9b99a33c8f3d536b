using Orchestrator.Sandbox;

namespace Orchestrator.Cli.Tests.Commands;

/// <summary>Every mistake a user can make gives one line naming the culprit and a non-zero, documented exit code.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trainctl-bad-input-").FullName;

    [Fact]
    public async Task Missing_kubeconfig_names_the_file()
    {
        var path = Path.Combine(_dir, "nope.yaml");
        var result = await Trainctl.RunAsync("list", "--kubeconfig", path);
        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.Equal($"trainctl: kubeconfig {path}: file not found", result.Error.Trim());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Kubeconfig_without_the_requested_context_says_so()
    {
        var path = WriteKubeconfig("http://127.0.0.1:1");
        var result = await Trainctl.RunAsync("list", "--kubeconfig", path, "--context", "prod");
        Assert.Equal(ExitCodes.Config, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Contains(path, line, StringComparison.Ordinal);
        Assert.Contains("prod", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_kubeconfig_is_reported_as_invalid()
    {
        var path = Path.Combine(_dir, "garbage");
        await File.WriteAllTextAsync(path, "this: [is not: a kubeconfig");
        var result = await Trainctl.RunAsync("list", "--kubeconfig", path);
        Assert.Equal(ExitCodes.Config, result.ExitCode);
        Assert.StartsWith($"trainctl: kubeconfig {path}:", result.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_names_the_address()
    {
        var port = ClosedPort();
        var path = WriteKubeconfig($"http://127.0.0.1:{port}");
        var result = await Trainctl.RunAsync("list", "--kubeconfig", path);
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith($"trainctl: cannot reach the API server at http://127.0.0.1:{port}/", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_yaml_names_the_file_and_line()
    {
        var file = Path.Combine(_dir, "run.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: orchestrator.dev/v1alpha1\nkind: TrainingRun\nmetadata:\n  name: x\nspec: [unclosed\n");
        var result = await Trainctl.RunAsync("submit", "-f", file, "--dry-run");
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        var line = Assert.Single(result.Error.Trim().Split('\n'));
        Assert.StartsWith($"trainctl: {file}: line ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_another_kind_is_refused()
    {
        var file = Path.Combine(_dir, "pod.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n");
        var result = await Trainctl.RunAsync("submit", "-f", file, "--dry-run");
        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains(file, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_file_is_not_found()
    {
        var file = Path.Combine(_dir, "missing.yaml");
        var result = await Trainctl.RunAsync("submit", "-f", file);
        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Equal($"trainctl: {file}: file not found", result.Error.Trim());
    }

    [Fact]
    public async Task Unknown_option_is_a_usage_error()
    {
        var result = await Trainctl.RunAsync("list", "--bogus");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--bogus", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_output_format_is_a_usage_error()
    {
        var result = await Trainctl.RunAsync("list", "-o", "xml");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("unknown format \"xml\"", result.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteKubeconfig(string server)
    {
        var path = Path.Combine(_dir, $"kubeconfig-{Guid.NewGuid():N}");
        File.WriteAllText(path, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster:
                server: {{server}}
            users:
            - name: u
              user:
                token: not-checked
            contexts:
            - name: ctx
              context:
                cluster: c
                user: u
                namespace: default
            current-context: ctx
            """);
        return path;
    }

    // Bound and released: nothing listens there afterwards, so connecting is refused at once.
    private static int ClosedPort() => LoopbackPort.Free();
}
