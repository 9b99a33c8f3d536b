using System.Diagnostics;

namespace Orchestrator.Checkpoints.Tests.Infrastructure;

/// <summary>Waits for a condition with a generous deadline (the machine is shared), never a fixed sleep.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, int seconds = 60)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException($"timed out after {seconds}s waiting for {what}");
            }

            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            await tick.WaitForNextTickAsync();
        }
    }
}
