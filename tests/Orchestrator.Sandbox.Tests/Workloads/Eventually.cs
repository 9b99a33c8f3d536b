namespace Orchestrator.Sandbox.Tests.Workloads;

/// <summary>Polls a condition until it holds or a generous deadline passes (the machine is shared and loaded).</summary>
internal static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? timeout = null, TimeSpan? interval = null)
        where T : class
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? DefaultTimeout);
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for {what}");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(25));
        }
    }

    public static Task TrueAsync(Func<Task<bool>> probe, string what, TimeSpan? timeout = null) =>
        GetAsync<object>(async () => await probe() ? new object() : null, what, timeout);
}
