using Orchestrator.Kubernetes.Queue;

namespace Orchestrator.Kubernetes.Tests.Queue;

public sealed class ExponentialBackoffTests
{
    [Theory]
    [InlineData("no failure yet", 0, 0.5, 0)]
    [InlineData("first failure waits the initial delay", 1, 0.5, 1_000)]
    [InlineData("doubles per failure", 4, 0.5, 8_000)]
    [InlineData("capped at max", 20, 0.5, 60_000)]
    [InlineData("huge failure counts do not overflow", int.MaxValue, 0.5, 60_000)]
    [InlineData("lowest jitter draw shortens by the jitter fraction", 2, 0.0, 1_600)]
    [InlineData("highest jitter draw lengthens by the jitter fraction", 2, 1.0, 2_400)]
    public void Delay_grows_exponentially_with_bounded_jitter(string name, int failures, double draw, int expectedMs)
    {
        _ = name;
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), 0.2, () => draw);

        Assert.Equal(expectedMs, backoff.Delay(failures).TotalMilliseconds, precision: 3);
    }
}
