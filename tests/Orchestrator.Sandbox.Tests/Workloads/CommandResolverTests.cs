using Orchestrator.Sandbox.Workloads.Kubelet;

namespace Orchestrator.Sandbox.Tests.Workloads;

public sealed class CommandResolverTests
{
    private static readonly CommandResolver Resolver = new CommandResolver()
        .Map("trainctl", "dotnet", "/opt/trainctl/trainctl.dll")
        .MapImage("registry.example/trainer", "/usr/bin/env", "trainer");

    [Theory]
    [InlineData("a mapped command", "img", "trainctl agent", "--x", "dotnet /opt/trainctl/trainctl.dll agent --x")]
    [InlineData("a mapped command given by absolute path", "img", "/usr/local/bin/trainctl run", "", "dotnet /opt/trainctl/trainctl.dll run")]
    [InlineData("python goes to the host python3", "python:3.11", "python -c pass", "", "python3 -c pass")]
    [InlineData("an unmapped absolute path runs as written", "img", "/bin/sh -c true", "", "/bin/sh -c true")]
    [InlineData("no command: the image's mapped entrypoint", "registry.example/trainer:2", "", "--epochs=3", "/usr/bin/env trainer --epochs=3")]
    [InlineData("no command and no mapping: the args are the command line", "img", "", "sh -c true", "sh -c true")]
    public void Resolves_container_commands_to_host_programs(string because, string image, string command, string args, string expected)
    {
        var resolved = Resolver.Resolve(image, Split(command), Split(args));

        Assert.True(expected == string.Join(' ', [resolved.FileName, .. resolved.Arguments]), because);
    }

    [Fact]
    public void A_container_with_nothing_to_run_is_an_error_naming_its_image()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Resolver.Resolve("bare:1", [], []));

        Assert.Contains("bare:1", error.Message, StringComparison.Ordinal);
    }

    private static string[] Split(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
