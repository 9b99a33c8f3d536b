using System.Diagnostics;

namespace Orchestrator.Charts.Tests.Docker;

/// <summary>
/// Replays a Dockerfile's first (build) stage in a folder: WORKDIR and COPY from the repository
/// (skipping what the .dockerignore excludes), then every RUN, which must be a dotnet command.
/// Absolute paths in the commands are moved under the folder, as if it were the container's root.
/// </summary>
internal static class BuildStageReplay
{
    /// <summary>Replays the build stage; <paramref name="runStep"/> picks the RUN steps to execute, the others are only listed.</summary>
    public static IReadOnlyList<string> Run(Dockerfile dockerfile, string repoRoot, string containerRoot, TimeSpan timeoutPerCommand, Func<DockerInstruction, bool> runStep)
    {
        var workdir = containerRoot;
        var transcript = new List<string>();
        foreach (var step in dockerfile.Instructions.Where(i => i.Stage == 0))
        {
            switch (step.Keyword)
            {
                case "WORKDIR":
                    workdir = InContainer(containerRoot, step.Arguments);
                    Directory.CreateDirectory(workdir);
                    break;
                case "COPY":
                    var parts = step.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var destination = Path.GetFullPath(Path.Combine(workdir, parts[^1]));
                    foreach (var source in parts[..^1])
                    {
                        var target = Directory.Exists(Path.Combine(repoRoot, source)) ? destination : Path.Combine(destination, Path.GetFileName(source));
                        Copy(Path.Combine(repoRoot, source.TrimEnd('/')), target, dockerfile.IgnoredFolderNames);
                    }

                    break;
                case "RUN":
                    transcript.Add(runStep(step) ? Execute(step, containerRoot, workdir, timeoutPerCommand) : $"(not run) {step.Arguments}");
                    break;
                case "FROM" or "ARG" or "ENV":
                    break;
                default:
                    throw new InvalidDataException($"Dockerfile:{step.Line}: {step.Keyword} in the build stage is not replayed by the test");
            }
        }

        return transcript;
    }

    /// <summary>A path in the container (absolute) as a path under the replay folder.</summary>
    public static string InContainer(string containerRoot, string path) =>
        Path.GetFullPath(Path.Combine(containerRoot, path.TrimStart('/')));

    private static string Execute(DockerInstruction step, string containerRoot, string workdir, TimeSpan timeout)
    {
        var words = step.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words[0] != "dotnet" || step.Arguments.IndexOfAny(['"', '\'', '&', '|', ';', '$']) >= 0)
        {
            throw new InvalidDataException($"Dockerfile:{step.Line}: the build stage may only RUN plain dotnet commands: {step.Arguments}");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workdir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var word in words[1..])
        {
            start.ArgumentList.Add(word.StartsWith('/') ? InContainer(containerRoot, word) : word);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new TimeoutException($"Dockerfile:{step.Line}: '{step.Arguments}' did not finish within {timeout}");
        }

        var log = $"$ {step.Arguments}\n{output.Result}{errors.Result}";
        return process.ExitCode == 0
            ? log
            : throw new InvalidOperationException($"Dockerfile:{step.Line}: exit code {process.ExitCode}\n{log}");
    }

    private static void Copy(string source, string destination, IReadOnlySet<string> ignored)
    {
        if (File.Exists(source))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
            return;
        }

        if (!Directory.Exists(source))
        {
            throw new FileNotFoundException($"COPY source {source} does not exist");
        }

        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }

        foreach (var folder in Directory.EnumerateDirectories(source).Where(d => !ignored.Contains(Path.GetFileName(d))))
        {
            Copy(folder, Path.Combine(destination, Path.GetFileName(folder)), ignored);
        }
    }
}
