namespace Orchestrator.Sandbox.Tests.World;

/// <summary>Polls for a condition with a generous deadline (the machine is shared and loaded), never a fixed sleep.</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    public static async Task<T> Until<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        Exception? last = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            try
            {
                if (await probe() is { } found)
                {
                    return found;
                }
            }
            catch (Exception error) when (error is not Xunit.Sdk.XunitException)
            {
                last = error;
            }

            await Task.Delay(Interval);
        }

        var state = describe is null ? "" : "; state: " + await describe();
        throw new TimeoutException($"Timed out waiting for {what}" + (last is null ? "" : $" (last error: {last.Message})") + state);
    }

    public static Task Until(Func<Task<bool>> probe, string what, TimeSpan? timeout = null, Func<Task<string>>? describe = null) =>
        Until<object>(async () => await probe() ? new object() : null, what, timeout, describe);
}
