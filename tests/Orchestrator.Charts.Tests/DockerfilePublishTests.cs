using Orchestrator.Charts.Tests.Docker;
using Xunit.Abstractions;

namespace Orchestrator.Charts.Tests;

/// <summary>
/// The Dockerfile's build stage, replayed without Docker: its COPY lines into a fresh folder and its
/// exact <c>dotnet publish</c> command for the controller, then the runtime stage's ENTRYPOINT must
/// exist in what was published. The slow test of this project (a clean Release build of the
/// controller). The trainctl publish is the same command for another project (DockerfileTests
/// checks that); running it too would add the sandbox and CLI builds (minutes on 2 busy cores).
/// </summary>
public sealed class DockerfilePublishTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("orchestrator-docker-").FullName;

    [Fact]
    public void Build_stage_publishes_the_controller_entrypoint()
    {
        var dockerfile = Dockerfile.Load(RepoPaths.Dockerfile);
        foreach (var log in BuildStageReplay.Run(dockerfile, RepoPaths.Root, _root, TimeSpan.FromMinutes(10), step => step.Arguments.Contains("Orchestrator.Controller.csproj", StringComparison.Ordinal)))
        {
            output.WriteLine(log);
        }

        // The runtime stage copies /out/* to /app/*; check what it would copy.
        var copies = dockerfile.InStage(1, "COPY").Select(c => c.Arguments.Split(' ')).ToDictionary(a => a[2], a => a[1]);
        string Published(string appPath)
        {
            var (app, outDir) = copies.Single(c => appPath.StartsWith(c.Key + "/", StringComparison.Ordinal));
            return BuildStageReplay.InContainer(_root, outDir + appPath[app.Length..]);
        }

        Assert.True(File.Exists(Published("/app/controller/Orchestrator.Controller")), "controller apphost missing");
        Assert.True(File.Exists(Published("/app/controller/Orchestrator.Controller.runtimeconfig.json")), "controller runtimeconfig missing");
        Assert.True(File.Exists(Published("/app/controller/Orchestrator.Checkpoints.dll")), "the checkpoint library the agent needs is missing");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; do not hide the test's own failure.
        }
    }
}
