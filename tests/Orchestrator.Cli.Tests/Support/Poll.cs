namespace Orchestrator.Cli.Tests.Support;

/// <summary>Waits for a condition with a generous deadline (the machine is shared and slow under load), never a fixed sleep.</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (!condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Yield();
            await Task.Delay(20, CancellationToken.None);
        }
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested)
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }
}
