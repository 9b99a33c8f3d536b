using Orchestrator.Api;
using Orchestrator.Core.Policy;

namespace Orchestrator.Core.Tests.Policy;

/// <summary>Fluent histories: <c>ARun().OnSpot(at: H(0)).Preempted(at: H(2)).At(H(2)).Decide()</c>.</summary>
public sealed class RunBuilder
{
    public static readonly DateTimeOffset Origin = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly List<AttemptObservation> _attempts = [];
    private CapacityPolicyOptions _options = new();
    private DateTimeOffset _now = Origin;
    private TimeSpan _done;
    private bool? _spotAvailable;
    private DateTimeOffset? _unschedulableSince;

    public static RunBuilder ARun() => new();

    public static DateTimeOffset H(double hours) => Origin + TimeSpan.FromHours(hours);

    public RunBuilder With(Func<CapacityPolicyOptions, CapacityPolicyOptions> change)
    {
        _options = change(_options);
        return this;
    }

    public RunBuilder WithTriggers(params FallbackPolicy[] triggers) => With(o => o with { Triggers = triggers });

    /// <summary>A Deadline policy: <paramref name="compute"/> hours of work due <paramref name="deadline"/> hours after the start.</summary>
    public RunBuilder WithDeadline(double compute, double deadline, double changeoverMinutes = 12) => With(o => o with
    {
        Triggers = [.. o.Triggers.Where(t => t != FallbackPolicy.Never), FallbackPolicy.Deadline],
        Deadline = H(deadline),
        ExpectedDuration = TimeSpan.FromHours(compute),
        ChangeoverDelay = TimeSpan.FromMinutes(changeoverMinutes),
    });

    /// <summary>A new spot attempt, queued at <paramref name="at"/>; running from <paramref name="running"/> if given.</summary>
    public RunBuilder OnSpot(DateTimeOffset at, DateTimeOffset? running = null) => Add(CapacityType.Spot, at, running);

    public RunBuilder OnDemand(DateTimeOffset at, DateTimeOffset? running = null) => Add(CapacityType.OnDemand, at, running);

    public RunBuilder Preempted(DateTimeOffset at) => End(at, AttemptEndReason.Preempted);

    public RunBuilder Failed(DateTimeOffset at) => End(at, AttemptEndReason.AppFailure);

    public RunBuilder Done(double hours)
    {
        _done = TimeSpan.FromHours(hours);
        return this;
    }

    public RunBuilder SpotAvailable(bool? available)
    {
        _spotAvailable = available;
        return this;
    }

    /// <summary>The live spot attempt's workers have been Pending/Unschedulable since <paramref name="since"/>.</summary>
    public RunBuilder UnschedulableSince(DateTimeOffset since)
    {
        _unschedulableSince = since;
        return this;
    }

    public RunBuilder At(DateTimeOffset now)
    {
        _now = now;
        return this;
    }

    public PolicyInput Build() => new(_options, _now, Origin, [.. _attempts], _done, _spotAvailable, _unschedulableSince);

    public CapacityDecision Decide() => CapacityPolicy.Decide(Build());

    private RunBuilder Add(CapacityType capacity, DateTimeOffset at, DateTimeOffset? running)
    {
        _attempts.Add(new AttemptObservation(_attempts.Count, capacity, running is null ? AttemptState.Queued : AttemptState.Running, at, running));
        return this;
    }

    private RunBuilder End(DateTimeOffset at, AttemptEndReason reason)
    {
        var last = _attempts[^1];
        _attempts[^1] = last with { State = AttemptState.Ended, EndedAt = at, EndReason = reason, RunningSince = last.RunningSince ?? last.CreatedAt };
        return this;
    }
}
