using Orchestrator.Kubernetes.Caching;
using Quartz;

namespace Orchestrator.Controller.Timers;

/// <summary>
/// The controller's timers on a Quartz scheduler (in-memory store, the controller's clock): at most one trigger per
/// run, at the next time the pure reconcile said to look again (a periodic save, a notice deadline, a save timeout,
/// a capacity-policy re-evaluation, the resync), plus periodic controller work such as the retention sweep.
/// A firing only enqueues the run's key; every decision stays in the reconcile and all state in the TrainingRun,
/// so a restarted controller rebuilds this schedule by reconciling every run once.
/// </summary>
internal sealed class RunTimers : IAsyncDisposable
{
    private const string RunGroup = "run";
    private const string PeriodicGroup = "periodic";
    private static readonly JobKey ReconcileJob = new("reconcile", RunGroup);

    private readonly StandaloneSchedulerFactory _factory;
    private readonly IScheduler _scheduler;
    private readonly TimerJobFactory _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    private RunTimers(StandaloneSchedulerFactory factory, IScheduler scheduler, TimerJobFactory jobs, TimeProvider time, ILogger logger)
    {
        _factory = factory;
        _scheduler = scheduler;
        _jobs = jobs;
        _time = time;
        _logger = logger;
    }

    /// <summary>Starts a scheduler whose run triggers call <paramref name="due"/> with the run's key.</summary>
    public static async Task<RunTimers> StartAsync(TimeProvider time, Action<ObjectKey> due, ILoggerFactory loggers, CancellationToken ct)
    {
        var jobs = new TimerJobFactory();
        var factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = "orchestrator-timers-" + Guid.NewGuid().ToString("N"));
            q.UseTimeProvider(time);
            q.UseInMemoryStore(_ => { });
            q.UseDefaultThreadPool(2);
            q.UseJobFactory(jobs);
        }).Build();
        var scheduler = await factory.GetScheduler(ct);
        var timers = new RunTimers(factory, scheduler, jobs, time, loggers.CreateLogger<RunTimers>());
        jobs.Register(ReconcileJob, new ReconcileTimerJob(due));
        await scheduler.AddJob(JobBuilder.Create<ReconcileTimerJob>().WithIdentity(ReconcileJob).StoreDurably().Build(), default, ct);
        await scheduler.Start(ct);
        return timers;
    }

    /// <summary>The trigger key of a run: deterministic, so a reschedule replaces the run's one trigger.</summary>
    public static TriggerKey KeyOf(ObjectKey run) => new($"{run.Namespace}/{run.Name}", RunGroup);

    /// <summary>Sets the run's one trigger to <paramref name="at"/>, replacing any earlier one (later or earlier).</summary>
    public async Task ScheduleAsync(ObjectKey run, DateTimeOffset at, CancellationToken ct)
    {
        var trigger = TriggerBuilder.Create(_time)
            .WithIdentity(KeyOf(run))
            .ForJob(ReconcileJob)
            .UsingJobData(ReconcileTimerJob.NamespaceKey, run.Namespace ?? string.Empty)
            .UsingJobData(ReconcileTimerJob.NameKey, run.Name)
            .StartAt(at)
            .WithSchedule(SimpleScheduleBuilder.Create().WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await _scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, ct);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            _logger.LogTrace("Timer of {Run} set to {At:O}", run, at);
        }
    }

    /// <summary>Removes the run's trigger (the run is gone or needs no timer). Returns whether there was one.</summary>
    public async Task<bool> CancelAsync(ObjectKey run, CancellationToken ct) =>
        await _scheduler.UnscheduleJob(KeyOf(run), ct);

    /// <summary>When the run's trigger fires next, or null when it has none.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(ObjectKey run, CancellationToken ct) =>
        (await _scheduler.GetTrigger(KeyOf(run), ct))?.NextFireTimeUtc;

    /// <summary>When the periodic work <paramref name="name"/> runs next, or null when it is not scheduled.</summary>
    public async Task<DateTimeOffset?> NextPeriodicDueAsync(string name, CancellationToken ct) =>
        (await _scheduler.GetTrigger(new TriggerKey(name, PeriodicGroup), ct))?.NextFireTimeUtc;

    /// <summary>
    /// Makes the scheduler thread read the clock again. A real clock never needs it; a fake one in tests does: the
    /// thread may read the time just before a test moves the clock and start its wait just after, and that wait then
    /// ends only when the clock moves again. Resuming everything (nothing is ever paused here) is Quartz's public way
    /// to signal a scheduling change.
    /// </summary>
    internal ValueTask WakeAsync(CancellationToken ct) => _scheduler.ResumeAll(ct);

    /// <summary>Runs <paramref name="work"/> every <paramref name="interval"/>, the first time one interval from now.</summary>
    public async Task AddPeriodicAsync(string name, TimeSpan interval, Func<CancellationToken, Task> work, CancellationToken ct)
    {
        var key = new JobKey(name, PeriodicGroup);
        _jobs.Register(key, new PeriodicWorkJob(name, work, _logger));
        var job = JobBuilder.Create<PeriodicWorkJob>().WithIdentity(key).DisallowConcurrentExecution().Build();
        var trigger = TriggerBuilder.Create(_time)
            .WithIdentity(name, PeriodicGroup)
            .ForJob(key)
            .StartAt(_time.GetUtcNow() + interval)
            // A firing missed by more than the misfire threshold (a busy or paused process, a jump of the clock) runs
            // at once rather than waiting a whole interval more.
            .WithSchedule(SimpleScheduleBuilder.Create().WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithExistingCount))
            .Build();
        await _scheduler.ScheduleJob(job, trigger, ScheduleJobOptions.Replacing, ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _scheduler.Shutdown(false, CancellationToken.None);
        await _factory.DisposeAsync();
    }
}
