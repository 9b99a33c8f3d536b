namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// Maps a container's command onto a host program, since there are no images: a mapped command name
/// (matched exactly or by file name, so <c>/usr/local/bin/trainctl</c> matches <c>trainctl</c>) is
/// replaced by its host argv prefix; <c>python</c>/<c>python3</c> map to the host's python3;
/// anything else (absolute paths included) runs as written, found on PATH. A container without a
/// command uses its image's mapped entrypoint, else its args as the command line.
/// </summary>
public sealed class CommandResolver
{
    private readonly Dictionary<string, string[]> _commands = new(StringComparer.Ordinal)
    {
        ["python"] = ["python3"],
        ["python3"] = ["python3"],
    };

    private readonly List<(string Prefix, string[] Entrypoint)> _images = [];

    /// <summary>Runs <paramref name="command"/> as the given host argv prefix, e.g. <c>Map("trainctl", "dotnet", "/x/trainctl.dll")</c>.</summary>
    public CommandResolver Map(string command, params string[] hostCommand)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hostCommand.Length);
        _commands[command] = hostCommand;
        return this;
    }

    /// <summary>The entrypoint of images starting with <paramref name="imagePrefix"/>, for containers that give no command.</summary>
    public CommandResolver MapImage(string imagePrefix, params string[] entrypoint)
    {
        ArgumentOutOfRangeException.ThrowIfZero(entrypoint.Length);
        _images.Add((imagePrefix, entrypoint));
        return this;
    }

    public ResolvedCommand Resolve(string? image, IReadOnlyList<string> command, IReadOnlyList<string> args)
    {
        var argv = new List<string>();
        if (command.Count > 0)
        {
            argv.AddRange(command);
        }
        else if (_images.LastOrDefault(i => image?.StartsWith(i.Prefix, StringComparison.Ordinal) == true) is { Entrypoint: { } entrypoint })
        {
            argv.AddRange(entrypoint);
        }

        argv.AddRange(args);
        if (argv.Count == 0)
        {
            throw new InvalidOperationException(
                $"image '{image}': no command and no args; the sandbox has no images, so set the container's command or map the image with CommandResolver.MapImage");
        }

        var program = argv[0];
        if (_commands.TryGetValue(program, out var host) || _commands.TryGetValue(Path.GetFileName(program), out host))
        {
            argv.RemoveAt(0);
            argv.InsertRange(0, host);
        }

        return new ResolvedCommand(argv[0], argv[1..]);
    }
}
