using Orchestrator.Api;
using Orchestrator.Core.Cost;

namespace Orchestrator.Core.Tests.Cost;

public sealed class CostAccountingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateTimeOffset H(double hours) => T0 + TimeSpan.FromHours(hours);

    [Fact]
    public void Prices_gpu_time_by_capacity_against_all_on_demand()
    {
        // 8 GPUs × 2 workers: 3 h spot (48 GPU-h), a queued-only attempt (0), then 1 h on-demand still running (16 GPU-h).
        var attempts = new[]
        {
            new AttemptUsage(CapacityType.Spot, 8, 2, H(0), H(3)),
            new AttemptUsage(CapacityType.Spot, 8, 2, null, H(4)),
            new AttemptUsage(CapacityType.OnDemand, 8, 2, H(4), null),
        };

        var cost = CostAccounting.Summarize(attempts, new Prices(1.0, 3.0), now: H(5));

        Assert.Equal(48 * 3600, cost.SpotGpuSeconds, precision: 6);
        Assert.Equal(16 * 3600, cost.OnDemandGpuSeconds, precision: 6);
        Assert.Equal(48 + 48, cost.Estimated, precision: 6);
        Assert.Equal(64 * 3, cost.AllOnDemand, precision: 6);
        Assert.Equal(96, cost.Savings, precision: 6);
        Assert.Equal(50, cost.SavingsPercent, precision: 6);
        Assert.Equal(50, cost.ToStatus().SavingsPercent);
        Assert.Equal(48 * 3600, cost.ToGpuSeconds().Spot, precision: 6);
    }

    [Fact]
    public void Spec_prices_win_over_the_defaults_field_by_field()
    {
        var prices = Prices.Resolve(new PricingSpec { SpotPerGpuHour = 0.9 }, new Prices(1.0, 3.06));

        Assert.Equal(new Prices(0.9, 3.06), prices);
    }

    [Theory]
    [InlineData("one container with 8", new[] { "8" }, 8)]
    [InlineData("a sidecar without GPUs adds nothing", new[] { "4", null }, 4)]
    [InlineData("two GPU containers add up", new[] { "2", "2" }, 4)]
    [InlineData("no GPUs at all", new string?[] { null }, 0)]
    public void Gpus_per_worker_come_from_the_nvidia_limits(string name, string?[] limits, int expected)
    {
        var containers = limits.Select(l => l is null
            ? new Dictionary<string, string> { ["cpu"] = "4" }
            : new Dictionary<string, string> { [GpuCount.Resource] = l, ["memory"] = "64Gi" });

        Assert.True(expected == GpuCount.PerWorker(containers), name);
    }

    [Fact]
    public void A_fractional_gpu_limit_is_rejected_naming_the_resource()
    {
        var error = Assert.Throws<FormatException>(() => GpuCount.PerWorker([new Dictionary<string, string> { [GpuCount.Resource] = "0.5" }]));

        Assert.Contains("nvidia.com/gpu", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("since the newest checkpoint of the attempt", 1.0, 3.0, 2.5, 1800)]
    [InlineData("a checkpoint older than the attempt: everything since its start", 1.0, 3.0, 0.5, 7200)]
    [InlineData("no checkpoint at all", 1.0, 3.0, null, 7200)]
    [InlineData("a just-in-time checkpoint at the end loses nothing", 1.0, 3.0, 3.0, 0)]
    public void Lost_work_is_time_since_the_newest_checkpoint(string name, double start, double end, double? checkpoint, double expected)
    {
        var lost = CostAccounting.LostWorkSeconds(H(start), H(end), checkpoint is { } c ? H(c) : null);

        Assert.True(Math.Abs(expected - lost) < 1e-6, $"{name}: {lost}");
    }
}
