namespace Orchestrator.Kubernetes.Tests;

/// <summary>Waits for a condition with a generous deadline (the CI machine is shared and slow), checking often.</summary>
internal static class Poll
{
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, TimeSpan? deadline = null, string? because = null)
    {
        var until = DateTime.UtcNow + (deadline ?? DefaultDeadline);
        while (!condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Condition not met within {deadline ?? DefaultDeadline}: {because ?? "(no description)"}");
            }

            await Task.Delay(10);
        }
    }
}
