using Orchestrator.Api;
using Orchestrator.Core.Durations;

namespace Orchestrator.Core.Validation;

internal static class CheckpointRules
{
    private const string Path = "spec.checkpoint";

    public static void Check(ErrorList errors, CheckpointSpec? checkpoint)
    {
        if (checkpoint is null)
        {
            errors.Add(Path, Messages.Required);
            return;
        }

        StorageRules.Check(errors, checkpoint.Storage);

        if (checkpoint.LocalPath is { } localPath)
        {
            if (!localPath.StartsWith('/'))
            {
                errors.Add(Path + ".localPath", Messages.AbsolutePath);
            }
            else if (localPath.Trim('/').Length == 0)
            {
                errors.Add(Path + ".localPath", "must not be the root folder: a restore replaces the folder's content");
            }
        }

        Interval(errors, checkpoint.Interval);
        Checks.PositiveDuration(errors, Path + ".saveTimeout", checkpoint.SaveTimeout);
        errors.AtLeast(Path + ".keep", checkpoint.Keep, 1);
    }

    private static void Interval(ErrorList errors, string? interval)
    {
        if (interval is null or Defaults.Interval)
        {
            return;
        }

        if (!GoDuration.TryParse(interval, out var value))
        {
            errors.Add(Path + ".interval", $"invalid interval \"{interval}\" (use auto or a Go duration such as 30m)");
        }
        else if (value <= TimeSpan.Zero)
        {
            errors.Add(Path + ".interval", "must be auto or a positive duration such as 30m");
        }
    }
}
