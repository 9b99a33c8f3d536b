using System.Diagnostics;

namespace Orchestrator.Benchmarks.Checkpoints;

/// <summary>Samples the process working set every few milliseconds; reports the peak above the level at start.</summary>
internal sealed class MemorySampler : IDisposable
{
    private readonly long _baseline;
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        _baseline = CurrentWorkingSet();
        _peak = _baseline;
        _timer = new Timer(_ => Sample(), null, 0, 5);
    }

    public double PeakAboveBaselineMiB
    {
        get
        {
            Sample();
            return Math.Max(0, Interlocked.Read(ref _peak) - _baseline) / 1048576.0;
        }
    }

    public void Dispose() => _timer.Dispose();

    private static long CurrentWorkingSet()
    {
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private void Sample()
    {
        var now = CurrentWorkingSet();
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
