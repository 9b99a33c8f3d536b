using Quartz;
using Quartz.Extensibility;

namespace Orchestrator.Controller.Timers;

/// <summary>Hands Quartz the controller's job instances by job key: they are plain objects holding delegates, not container services.</summary>
internal sealed class TimerJobFactory : IJobFactory
{
    private readonly Dictionary<JobKey, IJob> _jobs = [];
    private readonly Lock _lock = new();

    public void Register(JobKey key, IJob job)
    {
        lock (_lock)
        {
            _jobs[key] = job;
        }
    }

    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return _jobs.TryGetValue(bundle.JobDetail.Key, out var job)
                ? ValueTask.FromResult(new JobScope(job, null!))
                : throw new SchedulerException($"no job registered for {bundle.JobDetail.Key}");
        }
    }

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
