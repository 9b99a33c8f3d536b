using System.Text.Json;
using Orchestrator.Charts.Tests.Docker;

namespace Orchestrator.Charts.Tests;

/// <summary>The image is multi-stage, runs as non-root on the ASP.NET runtime, and holds both entrypoints.</summary>
public sealed class DockerfileTests
{
    private readonly Dockerfile _dockerfile = Dockerfile.Load(RepoPaths.Dockerfile);

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime()
    {
        Assert.Equal(2, _dockerfile.StageCount);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0 ", Assert.Single(_dockerfile.InStage(0, "FROM")).Arguments, StringComparison.Ordinal);
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", Assert.Single(_dockerfile.InStage(1, "FROM")).Arguments);
    }

    [Fact]
    public void Runtime_stage_runs_as_a_non_root_user()
    {
        var user = Assert.Single(_dockerfile.InStage(1, "USER")).Arguments;
        Assert.DoesNotContain(user, new[] { "root", "0", "0:0" });
    }

    [Fact]
    public void Publishes_the_controller_and_trainctl_and_uses_both()
    {
        var publishes = _dockerfile.InStage(0, "RUN").Select(r => r.Arguments).ToList();
        Assert.Contains(publishes, p => p.StartsWith("dotnet publish src/Orchestrator.Controller/Orchestrator.Controller.csproj -c Release -o /out/controller", StringComparison.Ordinal));
        Assert.Contains(publishes, p => p.StartsWith("dotnet publish src/Orchestrator.Cli/Orchestrator.Cli.csproj -c Release -o /out/trainctl", StringComparison.Ordinal));
        var copies = _dockerfile.InStage(1, "COPY").Select(c => c.Arguments).ToList();
        Assert.Contains("--from=build /out/controller /app/controller", copies);
        Assert.Contains("--from=build /out/trainctl /app/trainctl", copies);
        var entrypoint = JsonSerializer.Deserialize<string[]>(Assert.Single(_dockerfile.InStage(1, "ENTRYPOINT")).Arguments) ?? [];
        Assert.Equal(["/app/controller/Orchestrator.Controller"], entrypoint);
        Assert.Contains(_dockerfile.InStage(1, "ENV"), e => e.Arguments.Contains("PATH=\"/app/trainctl:", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_publish_commands_differ_only_in_project_and_output()
    {
        var shapes = _dockerfile.InStage(0, "RUN")
            .Select(r => r.Arguments.Split(' '))
            .Select(words => string.Join(' ', words.Where((_, i) => i != 2 && (i == 0 || words[i - 1] != "-o"))))
            .Distinct()
            .ToList();
        Assert.Single(shapes);
    }

    [Fact]
    public void Build_context_excludes_build_outputs()
    {
        Assert.Superset(new HashSet<string> { "bin", "obj", "node_modules" }, _dockerfile.IgnoredFolderNames.ToHashSet());
    }
}
