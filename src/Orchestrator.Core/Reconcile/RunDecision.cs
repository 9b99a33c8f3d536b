using System.Globalization;
using System.Text.Json;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Checkpointing;
using Orchestrator.Core.Cost;
using Orchestrator.Core.Durations;
using Orchestrator.Core.Policy;
using Orchestrator.Core.Preemption;
using Orchestrator.Core.Validation;

namespace Orchestrator.Core.Reconcile;

/// <summary>One reconcile's working state: a copy of the status being decided, the actions so far, the next look.</summary>
internal sealed partial class RunDecision
{
    private const int RecentSaves = 10;

    private readonly RunSnapshot _snapshot;
    private readonly ReconcileSettings _settings;
    private readonly TrainingRun _run;
    private readonly TrainingRunStatus _status;
    private readonly List<ReconcileAction> _actions = [];
    private readonly DateTimeOffset _now;
    private TrainingRunSpec _spec = new();
    private TimeSpan? _requeue;

    /// <summary>
    /// The decision that is switching the live attempt's capacity. The next attempt takes it: deciding afresh without
    /// the live attempt would lose what fired (AfterSpotWait and unschedulable spot look at the live attempt only).
    /// </summary>
    private CapacityDecision? _switch;

    public RunDecision(RunSnapshot snapshot, ReconcileSettings settings)
    {
        _snapshot = snapshot;
        _settings = settings;
        _run = snapshot.Run;
        _now = snapshot.Now;
        _status = Copy(_run.Status) ?? new TrainingRunStatus();
        _status.Conditions ??= [];
        _status.Attempts ??= [];
    }

    private long? Generation => _run.Metadata.Generation;

    private AttemptRecord? Current => _status.Attempts is { Count: > 0 } a ? a[^1] : null;

    public ReconcileResult Decide()
    {
        if (_run.Metadata.DeletionTimestamp is not null)
        {
            Delete();
            return Result();
        }

        if (_run.Metadata.Finalizers?.Contains(Finalizers.Run) != true)
        {
            _actions.Add(new AddFinalizer());
        }

        var errors = TrainingRunValidator.Validate(_run);
        if (errors.Count > 0)
        {
            RejectSpec(errors);
            return Result();
        }

        Conditions.Set(_status.Conditions!, ConditionTypes.SpecValid, true, ConditionReasons.SpecAccepted, "The spec is valid.", Generation, _now);
        _spec = TrainingRunDefaults.Apply(_run.Spec);
        DeleteJobsOfEndedAttempts();
        TrackCheckpoints();
        _actions.AddRange(RestoreTracking.Apply(_snapshot.Pods, _status.Attempts!, _status.LastCheckpoint, _now));
        _actions.AddRange(AgentAccessTracking.Apply(_snapshot.Pods, _status.Conditions!, Generation, _now));
        TrackProgress();
        HandleRestartRequest();
        if (_status.Phase is not (RunPhase.Succeeded or RunPhase.Failed))
        {
            Progress();
        }

        Account();
        return Result();
    }

    /// <summary>
    /// The status is written before the actions run, so a controller stopped in between leaves the Job of an attempt
    /// it already recorded as ended; finish that deletion. A succeeded attempt's Job stays (its pods hold the logs).
    /// </summary>
    private void DeleteJobsOfEndedAttempts()
    {
        foreach (var job in _snapshot.Jobs.Where(j => j.Metadata.DeletionTimestamp is null))
        {
            if (_status.Attempts!.FirstOrDefault(a => a.JobName == job.Metadata.Name) is { EndTime: not null } ended && ended.EndReason != AttemptEndReason.Succeeded)
            {
                _actions.Add(new DeleteJob(job.Metadata.Name));
            }
        }
    }

    private void Progress()
    {
        var current = Current;
        if (current is null || current.EndTime is not null)
        {
            if (_spec.Suspend == true)
            {
                EnterSuspended("The run is suspended; resume starts a new attempt from the newest checkpoint.");
                return;
            }

            StartNextAttempt();
            return;
        }

        var job = _snapshot.Jobs.FirstOrDefault(j => j.Metadata.Name == current.JobName);
        if (job is null)
        {
            JobMissing(current);
            return;
        }

        var view = AttemptView.Of(job, _snapshot.Pods, current.Index, _spec.Workers);
        if (view.AllRunning && current.StartTime is null)
        {
            current.StartTime = _now;
            Publish(false, ConditionReasons.AttemptRunning, Invariant($"Attempt {current.Index}: {(_spec.Workers == 1 ? "the worker is" : $"all {_spec.Workers} workers are")} running on {Capacity(current.Capacity)}."));
        }

        if (view.Complete)
        {
            EndAttempt(current, new AttemptClassification(AttemptEndReason.Succeeded, ["job: Complete"]));
            return;
        }

        RecordAdmission(current, job.Metadata.Name);
        if (FinishedByKueue(current, view))
        {
            return;
        }

        var eviction = _snapshot.Evictions.TryGetValue(job.Metadata.Name, out var e) ? e : null;
        if (view.Failed || eviction is not null || view.OnVanishedNodes(_snapshot.Nodes).Any())
        {
            ReportDeactivation(current, eviction);
            EndAttempt(current, Classify(view, eviction));
            return;
        }

        if (HandleNotice(current, view))
        {
            return;
        }

        if (_spec.Suspend == true)
        {
            StopForSaveThenEnd(current, view, AttemptNames.SuspendSave(current.Index), "suspend",
                new AttemptClassification(AttemptEndReason.Suspended, ["run: spec.suspend is true"]));
            return;
        }

        var unschedulable = current.StartTime is null ? SpotScheduling.Observe(view.Pods, _now) : null;
        var decision = CapacityPolicy.Decide(PolicyInputFor(current, current.Capacity == CapacityType.Spot ? unschedulable : null));
        if (decision.SwitchCurrentAttempt && decision.Capacity != current.Capacity)
        {
            _switch = decision;
            StopForSaveThenEnd(current, view, AttemptNames.SwitchSave(current.Index), "switch",
                new AttemptClassification(AttemptEndReason.Suspended, [$"capacity: {decision.Reason}"]));
            return;
        }

        if (current.Capacity == CapacityType.Spot && current.StartTime is null && ZoneFor(current) is { Move: true } move)
        {
            StopForSaveThenEnd(current, view, AttemptNames.SwitchSave(current.Index), "switch",
                new AttemptClassification(AttemptEndReason.Suspended, [$"zone: {move.Reason}"]));
            return;
        }
        else if (current.Capacity == CapacityType.Spot && ZoneFor(current) is { ReevaluateAt: { } zoneLook })
        {
            RequeueAt(zoneLook);
        }

        RequeueAt(decision.ReevaluateAt);
        var started = view.AllStarted;
        SetPhase(started ? RunPhase.Running : RunPhase.Queued);
        SetRunningCondition(current, started, unschedulable, decision);
        if (view.AllRunning)
        {
            PeriodicSave(current, view);
        }
    }

    /// <summary>Returns true when a notice is being handled (the rest of the reconcile waits for it).</summary>
    /// <remarks>
    /// Level-based: the notice is re-derived from every signal on each reconcile (see <see cref="NoticeRevision"/>), so
    /// a node taint seen after its pods' DisruptionTarget condition lengthens the window and a save skipped because it
    /// did not fit the guessed window is requested once it fits.
    /// </remarks>
    private bool HandleNotice(AttemptRecord current, AttemptView view)
    {
        var stored = _status.Notice;
        var derived = NoticeMatcher.Match(_settings.Signals, view.Nodes(_snapshot.Nodes, stored, _now), view.PodObservations(_now));
        var revised = NoticeRevision.Current(stored, derived);
        if (stored is not null && revised is null && !_settings.Signals.EndsAttempt(stored.Signal))
        {
            WithdrawNotice(current, stored);
            return false;
        }

        if (stored is null)
        {
            if (revised is null)
            {
                return false;
            }

            stored = revised.ToStatus();
            _status.Notice = stored;
            Conditions.Set(_status.Conditions!, ConditionTypes.Disrupted, true, ConditionReasons.PreemptionNotice, revised.Evidence, Generation, _now);
            Publish(true, ConditionReasons.PreemptionNotice, Invariant($"Attempt {current.Index}: {revised.Evidence}; capacity goes at {Time(revised.Deadline)}."));
        }
        else if (revised is not null && (Differs(revised.ReceivedTime, stored.ReceivedTime) || Differs(revised.Deadline, stored.Deadline)))
        {
            Publish(false, ConditionReasons.PreemptionNotice, Invariant($"Attempt {current.Index}: notice revised by {revised.Evidence}; capacity goes at {Time(revised.Deadline)}."));
            stored.ReceivedTime = revised.ReceivedTime;
            stored.Deadline = revised.Deadline;
        }

        var notice = stored;
        var answered = notice.RequestId is { } id && view.Answered(id);
        if (revised is { EndsAttempt: false } && (answered || _now >= notice.Deadline))
        {
            // The save is done (or cannot be had): the attempt runs on until an eviction, the pods or the node going ends it.
            return false;
        }

        if (answered || _now >= notice.Deadline)
        {
            EndAfterNotice(current, notice, answered);
            return true;
        }

        SetPhase(RunPhase.Checkpointing);
        RequeueAt(notice.Deadline);
        if (notice.RequestId is { } pendingId)
        {
            ResendSaveRequest(view, pendingId, "notice");
            return true;
        }

        var judged = revised ?? new PreemptionNotice(notice.Signal, "", notice.Source, notice.ReceivedTime, notice.Deadline);
        var estimate = SaveTimeEstimator.Estimate(RecentSaveDurations());
        var saveOnNotice = _spec.Checkpoint.SaveOnNotice ?? Defaults.SaveOnNotice;
        var jit = JustInTime.Decide(judged, _now, estimate, saveOnNotice);
        if (jit.RequestSave)
        {
            var requestId = AttemptNames.NoticeSave(current.Index);
            notice.RequestId = requestId;
            notice.SaveRequestedTime = _now;
            RequestSaveFromAll(view, requestId, "notice");
            Publish(false, ConditionReasons.CheckpointRequested, $"Just-in-time checkpoint requested: {jit.Reason}");
            return true;
        }

        if (saveOnNotice && NoticeRevision.CouldStillFit(judged, _settings.Signals, estimate, _now))
        {
            // The pods run until the guessed deadline anyway; the node's own signal, usually a moment behind, may give more time.
            return true;
        }

        if (revised is { EndsAttempt: false })
        {
            // Level-based: the condition changes once, so the Event is published once, not on every reconcile.
            var skipped = $"{judged.Evidence}: no just-in-time checkpoint ({(saveOnNotice ? "the save does not fit the window" : "saveOnNotice is off")}); the attempt runs on until an eviction.";
            if (Conditions.Set(_status.Conditions!, ConditionTypes.Disrupted, true, ConditionReasons.PreemptionNotice, skipped, Generation, _now))
            {
                Publish(true, ConditionReasons.CheckpointRequested, $"No just-in-time checkpoint: {jit.Reason}");
            }

            return false;
        }

        Publish(true, ConditionReasons.CheckpointRequested, $"No just-in-time checkpoint: {jit.Reason}");
        EndAttempt(current, new AttemptClassification(AttemptEndReason.Preempted, [judged.Evidence, $"checkpoint: none requested ({jit.Reason})"]));
        return true;
    }

    /// <summary>A notice that does not end the attempt was called off (Karpenter removed its taint) and no eviction came.</summary>
    private void WithdrawNotice(AttemptRecord current, NoticeStatus notice)
    {
        _status.Notice = null;
        var message = Invariant($"Attempt {current.Index}: {notice.Source}: {notice.Signal} was removed again without an eviction; the attempt goes on.");
        Conditions.Set(_status.Conditions!, ConditionTypes.Disrupted, false, ConditionReasons.NoticeWithdrawn, message, Generation, _now);
        Publish(false, ConditionReasons.NoticeWithdrawn, message);
    }

    /// <summary>The status keeps times to the microsecond; a round trip must not read as a revision.</summary>
    private static bool Differs(DateTimeOffset a, DateTimeOffset b) => (a - b).Duration() > TimeSpan.FromMilliseconds(1);

    private void EndAfterNotice(AttemptRecord current, NoticeStatus notice, bool answered)
    {
        var evidence = new List<string> { $"{notice.Source}: {notice.Signal} at {Time(notice.ReceivedTime)}" };
        evidence.Add(answered ? "checkpoint: just-in-time save committed" : notice.SaveRequestedTime is null ? "checkpoint: no save requested (would not fit)" : "checkpoint: notice window closed before the save committed");
        EndAttempt(current, new AttemptClassification(AttemptEndReason.Preempted, evidence));
    }

    /// <summary>Suspend and capacity switches: a queued attempt stops at once; a running one saves first (bounded by saveTimeout).</summary>
    private void StopForSaveThenEnd(AttemptRecord current, AttemptView view, string requestId, string reason, AttemptClassification end)
    {
        if (!view.AllRunning && current.StartTime is null)
        {
            EndAttempt(current, end);
            return;
        }

        var pending = _status.PendingSave;
        if (pending is null || pending.Id != requestId)
        {
            _status.PendingSave = new SaveRequestStatus { Id = requestId, Reason = reason, RequestedTime = _now };
            RequestSaveFromAll(view, requestId, reason);
            Publish(false, ConditionReasons.CheckpointRequested, Invariant($"Attempt {current.Index}: checkpoint requested before stopping ({reason})."));
            RequeueAfter(SaveTimeout());
            return;
        }

        if (view.Answered(requestId) || _now - pending.RequestedTime >= SaveTimeout())
        {
            EndAttempt(current, end);
            return;
        }

        ResendSaveRequest(view, requestId, reason);
        RequeueAt(pending.RequestedTime + SaveTimeout());
    }

    private void PeriodicSave(AttemptRecord current, AttemptView view)
    {
        var interval = ResolveInterval(current.Capacity);
        _status.CheckpointInterval = GoDurationText(interval);
        if (_status.PendingSave is { } pending)
        {
            if (!view.Answered(pending.Id) && _now - pending.RequestedTime < SaveTimeout())
            {
                ResendSaveRequest(view, pending.Id, pending.Reason);
                RequeueAt(pending.RequestedTime + SaveTimeout());
                return;
            }

            _status.PendingSave = null;
        }

        var since = _status.LastCheckpoint is { } last && last.Attempt == current.Index && last.Time > (current.StartTime ?? _now)
            ? last.Time
            : current.StartTime ?? _now;
        var due = since + interval;
        if (_now < due)
        {
            RequeueAt(due);
            return;
        }

        var sequence = (int)Math.Floor((_now - (current.StartTime ?? _now)) / interval);
        var id = AttemptNames.PeriodicSave(current.Index, Math.Max(1, sequence));
        _status.PendingSave = new SaveRequestStatus { Id = id, Reason = "periodic", RequestedTime = _now };
        RequestSaveFromAll(view, id, "periodic");
        RequeueAfter(SaveTimeout());
    }

    private TimeSpan ResolveInterval(CapacityType capacity)
    {
        var text = _spec.Checkpoint.Interval ?? Defaults.Interval;
        TimeSpan? fixedInterval = text == "auto" ? null : GoDuration.TryParse(text, out var parsed) ? parsed : null;
        var attempts = _status.Attempts!.Where(a => a.Capacity == capacity).ToList();
        var running = TimeSpan.FromSeconds(attempts.Sum(a => a.StartTime is { } s ? Math.Max(0, ((a.EndTime ?? _now) - s).TotalSeconds) : 0));
        var preemptions = attempts.Count(a => a.EndReason == AttemptEndReason.Preempted);
        return CheckpointInterval.Decide(new CheckpointIntervalInput(fixedInterval, capacity, RecentSaveDurations(), running, preemptions)).Interval;
    }

    /// <summary>
    /// A pending request is written to the status before it is sent; one lost on the way (a controller stopped in
    /// between, a failed patch) would leave the save waiting for its timeout, so send it again to any pod that lacks it.
    /// </summary>
    private void ResendSaveRequest(AttemptView view, string requestId, string reason)
    {
        foreach (var pod in view.LivePods)
        {
            if (pod.Metadata.Annotations?.TryGetValue(Annotations.SaveRequest, out var sent) != true || !CarriesRequest(sent, requestId))
            {
                _actions.Add(new RequestSave(pod.Metadata.Name, requestId, reason));
            }
        }
    }

    private static bool CarriesRequest(string? annotation, string requestId)
    {
        if (string.IsNullOrEmpty(annotation))
        {
            return false;
        }

        try
        {
            using var json = JsonDocument.Parse(annotation);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id) && id.GetString() == requestId;
        }
        catch (JsonException)
        {
            return annotation == requestId;
        }
    }

    private void RequestSaveFromAll(AttemptView view, string requestId, string reason)
    {
        foreach (var pod in view.LivePods)
        {
            _actions.Add(new RequestSave(pod.Metadata.Name, requestId, reason));
        }
    }

    private void JobMissing(AttemptRecord current)
    {
        if (current.StartTime is null)
        {
            // The attempt never ran: the cache has not seen our own create yet, or the create failed (the status is
            // written first) and must be retried however long ago it was recorded. Creating again is harmless (AlreadyExists).
            if (CreateWasRejected(current))
            {
                return;
            }

            AddAttemptJob(current.Index, current.Capacity, current.Zone);
            SetPhase(RunPhase.Queued);
            RequeueAfter(_settings.CreationGrace);
            return;
        }

        var nodesGone = _snapshot.Pods.Any(p => p.Spec?.NodeName is { } n && !_snapshot.Nodes.ContainsKey(n));
        var classification = AttemptClassifier.Classify(new AttemptEvidence([], [], [], JobVanished: true), _settings.Classification);
        EndAttempt(current, nodesGone ? new AttemptClassification(AttemptEndReason.Preempted, ["job: vanished with its nodes"]) : classification);
    }

    private AttemptClassification Classify(AttemptView view, KueueEviction? eviction)
    {
        var notices = NoticeMatcher.Match(_settings.Signals, view.Nodes(_snapshot.Nodes, _status.Notice, _now), view.PodObservations(_now));
        var evidence = new AttemptEvidence(view.Terminations(_snapshot.Nodes), notices, view.JobConditions(), eviction);
        var classification = AttemptClassifier.Classify(evidence, _settings.Classification);
        if (classification.Reason == AttemptEndReason.Unknown && view.Failed && view.Pods.Count == 0)
        {
            // An application failure leaves its failed pod behind; pods that are simply gone went with their node, and
            // the Job controller counted them as failures before this controller (restarted, say) saw the node go.
            return new AttemptClassification(AttemptEndReason.Preempted, [.. classification.Evidence, "pods: none left (removed with their node, not failed by the application)"]);
        }

        return classification;
    }

    private void EndAttempt(AttemptRecord current, AttemptClassification end)
    {
        current.EndTime = _now;
        current.EndReason = end.Reason;
        current.Evidence = [.. end.Evidence.Take(10)];
        var newestAt = _status.LastCheckpoint is { } c && c.Attempt == current.Index ? c.Time : (DateTimeOffset?)null;
        current.LostWorkSeconds = end.Reason == AttemptEndReason.Succeeded ? 0 : CostAccounting.LostWorkSeconds(current.StartTime, _now, newestAt);
        _status.Notice = null;
        _status.PendingSave = null;
        Conditions.Set(_status.Conditions!, ConditionTypes.Disrupted, false, end.Reason.ToString(), "No preemption notice is being handled.", Generation, _now);
        Conditions.Set(_status.Conditions!, ConditionTypes.Running, false, end.Reason.ToString(), Invariant($"Attempt {current.Index} ended: {end.Reason}."), Generation, _now);
        if (end.Reason != AttemptEndReason.Succeeded)
        {
            _actions.Add(new DeleteJob(current.JobName));
        }

        var summary = end.Evidence.Count > 0 ? end.Evidence[0] : "no evidence";
        switch (end.Reason)
        {
            case AttemptEndReason.Succeeded:
                _status.CompletionTime = _now;
                SetPhase(RunPhase.Succeeded);
                Conditions.Set(_status.Conditions!, ConditionTypes.Succeeded, true, ConditionReasons.Completed, Invariant($"All workers finished in attempt {current.Index}."), Generation, _now);
                Publish(false, ConditionReasons.Completed, Invariant($"Attempt {current.Index} succeeded; the run is complete."));
                return;
            case AttemptEndReason.Preempted:
                _status.Preemptions++;
                Publish(true, ConditionReasons.Preempted, Invariant($"Attempt {current.Index} on {Capacity(current.Capacity)} was preempted ({summary}); lost work {current.LostWorkSeconds:0}s."));
                break;
            case AttemptEndReason.AppFailure:
                _status.AppFailures++;
                Publish(true, ConditionReasons.AppFailure, Invariant($"Attempt {current.Index} failed ({summary}); application failures {_status.AppFailures}/{MaxAppFailures}."));
                if (_status.AppFailures > MaxAppFailures)
                {
                    Fail(ConditionReasons.TooManyAppFailures, Invariant($"The application failed {_status.AppFailures} times (maxAppFailures {MaxAppFailures}); resume it with trainctl resume."));
                    return;
                }

                break;
            case AttemptEndReason.Suspended:
                if (_spec.Suspend == true)
                {
                    EnterSuspended(Invariant($"Suspended after attempt {current.Index}; resume continues from the newest checkpoint."));
                    return;
                }

                break;
            default:
                Publish(true, "AttemptEnded", Invariant($"Attempt {current.Index} ended without clear evidence ({summary}); retrying."));
                break;
        }

        if (_spec.Suspend == true)
        {
            EnterSuspended("The run is suspended; resume starts a new attempt from the newest checkpoint.");
            return;
        }

        SetPhase(RunPhase.Recovering);
        StartNextAttempt();
    }

    private void StartNextAttempt()
    {
        var index = (_status.Attempts!.Count == 0 ? 0 : _status.Attempts.Max(a => a.Index)) + 1;
        var decision = _switch ?? CapacityPolicy.Decide(PolicyInputFor(null));
        var capacity = decision.Capacity;
        var previous = Current;
        var queue = capacity == CapacityType.Spot ? _spec.Queues.Spot : _spec.Queues.OnDemand;
        var zone = capacity == CapacityType.Spot ? ZoneFor(null)?.Zone : null;
        var record = new AttemptRecord
        {
            Zone = zone,
            Index = index,
            Capacity = capacity,
            Queue = queue,
            JobName = AttemptNames.Job(_run.Metadata.Name, index),
            CreateTime = _now,
            RestoredStep = _status.LastCheckpoint?.Step,
        };
        _status.Attempts!.Add(record);
        TrimHistory();
        _status.CurrentAttempt = index;
        _status.CapacityType = capacity;
        _status.StartTime ??= _now;
        AddAttemptJob(index, capacity, zone);
        if (previous is not null && previous.Capacity != capacity)
        {
            var reason = capacity == CapacityType.OnDemand ? ConditionReasons.FallbackToOnDemand : ConditionReasons.ReturnToSpot;
            Publish(capacity == CapacityType.OnDemand, reason, decision.Reason);
        }

        var preferred = _spec.Capacity?.Preferred ?? Defaults.PreferredCapacity;
        Conditions.Set(_status.Conditions!, ConditionTypes.FellBack, capacity != preferred,
            capacity != preferred ? ConditionReasons.FallbackToOnDemand : "OnPreferredCapacity", decision.Reason, Generation, _now);
        var from = _status.LastCheckpoint is { } c ? Invariant($"checkpoint step {c.Step}") : "the start";
        Publish(false, ConditionReasons.AttemptCreated, Invariant($"Attempt {index} created on {Capacity(capacity)} (queue {queue}), resuming from {from}."));
        if (_status.Phase is not RunPhase.Recovering)
        {
            SetPhase(RunPhase.Queued);
        }

        RequeueAt(decision.ReevaluateAt);
        RequeueAfter(_settings.CreationGrace);
    }

    /// <summary>The rendezvous Service goes first: the Job's pods resolve their peers through it from their first moment.</summary>
    private void AddAttemptJob(int index, CapacityType capacity, string? zone)
    {
        _actions.Add(new CreateService(RendezvousService.Build(_run, _spec)));
        _actions.Add(new CreateJob(BuildJob(index, capacity, zone)));
    }

    private V1Job BuildJob(int index, CapacityType capacity, string? zone)
    {
        var job = AttemptJobBuilder.Build(_run, _spec, index, capacity, _status.CheckpointInterval ?? GoDurationText(ResolveInterval(capacity)), _settings,
            OnDemandPinning.Selector(_settings, _snapshot.Kueue, _run.Metadata.NamespaceProperty ?? "default", _spec.Queues.OnDemand));
        if (zone is not null)
        {
            ZoneAffinity.Apply(job.Spec.Template.Spec, _spec.Capacity?.ZoneLabel ?? Defaults.ZoneLabel, zone);
        }

        return job;
    }

    /// <summary>The spot zone for a new attempt (<paramref name="live"/> null) or the queued one; null when the run names no zones.</summary>
    private ZoneChoice? ZoneFor(AttemptRecord? live)
    {
        if (_spec.Capacity?.SpotZones is not { Count: > 0 } zones)
        {
            return null;
        }

        var input = PolicyInputFor(live);
        return ZonePlacement.Choose([.. zones], input.Attempts, _now, input.Options.ChangeoverDelay);
    }

    private PolicyInput PolicyInputFor(AttemptRecord? live, UnschedulableWorkers? unschedulableSpot = null)
    {
        var prices = Prices.Resolve(_spec.Pricing, new Prices(_settings.DefaultSpotPricePerGpuHour, _settings.DefaultOnDemandPricePerGpuHour));
        var options = CapacityPolicyOptions.FromSpec(_spec.Capacity, text => GoDuration.TryParse(text, out var d) ? d : TimeSpan.Zero) with
        {
            // ROSS draws from the run's UID, so the same history always gives the same decision (docs/policies.md).
            Seed = RunSeed.FromUid(_run.Metadata.Uid ?? _run.Metadata.Name),
            PriceRatio = prices.SpotPerGpuHour > 0 ? prices.OnDemandPerGpuHour / prices.SpotPerGpuHour : double.MaxValue,
        };
        var observations = _status.Attempts!
            .Select(a => new AttemptObservation(
                a.Index,
                a.Capacity,
                a.EndTime is not null ? AttemptState.Ended : a.StartTime is not null ? AttemptState.Running : AttemptState.Queued,
                a.CreateTime ?? _now,
                a.StartTime,
                a.EndTime,
                a.EndReason,
                a.LostWorkSeconds is { } lost ? TimeSpan.FromSeconds(lost) : null,
                a.Zone))
            .ToList();
        if (live is null)
        {
            // Deciding the capacity of a new attempt: every earlier one has ended.
            observations = [.. observations.Where(o => o.State == AttemptState.Ended)];
        }

        var computeDone = TimeSpan.FromSeconds(_status.Attempts!.Sum(a =>
            a.StartTime is { } s ? Math.Max(0, ((a.EndTime ?? _now) - s).TotalSeconds - options.ChangeoverDelay.TotalSeconds - (a.LostWorkSeconds ?? 0)) : 0));
        if (options.ExpectedDuration is null && ProgressEstimate.Compute(_status.Progress) is { } reported)
        {
            // No expectedDuration: the trainer's steps at its observed step time say how much is done and how much is left.
            options = options with { ExpectedDuration = reported.Total };
            computeDone = reported.Done;
        }

        return new PolicyInput(options, _now, _status.StartTime ?? _now, observations, computeDone,
            SpotScheduling.SpotAvailable(unschedulableSpot, _now, _settings.UnschedulableGrace), unschedulableSpot?.Since);
    }

    /// <summary>The newest progress any pod of the run reported (annotation <see cref="Annotations.Progress"/>).</summary>
    private void TrackProgress()
    {
        ProgressStatus? newest = null;
        foreach (var pod in _snapshot.Pods)
        {
            if (pod.Metadata.Annotations?.TryGetValue(Annotations.Progress, out var json) != true || string.IsNullOrEmpty(json))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<ProgressStatus>(json) is { } reported && (newest is null || reported.ReportedAt > newest.ReportedAt))
                {
                    newest = reported;
                }
            }
            catch (JsonException)
            {
                // A malformed report is the agent's bug; the last good one stays.
            }
        }

        // Whole seconds: the status round-trips times at a coarser grain than the agent writes them.
        if (newest is not null && (_status.Progress is not { } known || newest.ReportedAt - known.ReportedAt >= TimeSpan.FromSeconds(1)))
        {
            _status.Progress = ProgressEstimate.Complete(newest, _status.Progress, _spec.Capacity?.Fallback?.Deadline);
        }
    }

    private void TrackCheckpoints()
    {
        foreach (var pod in _snapshot.Pods)
        {
            if (pod.Metadata.Annotations?.TryGetValue(Annotations.LastCheckpoint, out var json) != true || string.IsNullOrEmpty(json))
            {
                continue;
            }

            CheckpointStatus? reported;
            try
            {
                reported = JsonSerializer.Deserialize<CheckpointStatus>(json);
            }
            catch (JsonException)
            {
                continue;
            }

            // The same checkpoint by id, too: the status keeps times to the microsecond, the agent reports them finer.
            if (reported is null || (_status.LastCheckpoint is { } known
                && (reported.Step < known.Step || (reported.Step == known.Step && (reported.Id == known.Id || reported.Time <= known.Time)))))
            {
                continue;
            }

            _status.LastCheckpoint = reported;
            Conditions.Set(_status.Conditions!, ConditionTypes.Checkpointed, true, ConditionReasons.CheckpointCommitted, Invariant($"Checkpoint {reported.Id} (step {reported.Step}) committed."), Generation, _now);
            Publish(false, ConditionReasons.CheckpointCommitted, Invariant($"Checkpoint {reported.Id} committed: step {reported.Step}, {reported.SizeBytes} bytes."));
            RecordSaveDuration(pod);
        }
    }

    /// <summary>A requested save's duration (request to commit), the data behind the just-in-time estimate and Young/Daly.</summary>
    private void RecordSaveDuration(V1Pod pod)
    {
        var requestedAt = _status.Notice?.SaveRequestedTime ?? _status.PendingSave?.RequestedTime;
        var requestId = _status.Notice?.RequestId ?? _status.PendingSave?.Id;
        if (requestedAt is null || requestId is null || pod.Metadata.Annotations?.TryGetValue(Annotations.SaveCompleted, out var done) != true || done != requestId)
        {
            return;
        }

        var saves = _status.RecentSaveSeconds ?? [];
        saves.Add(Math.Max(0, (_now - requestedAt.Value).TotalSeconds));
        _status.RecentSaveSeconds = [.. saves.Skip(Math.Max(0, saves.Count - RecentSaves))];
        _status.MeanSaveSeconds = _status.RecentSaveSeconds.Average();
    }

    private List<TimeSpan> RecentSaveDurations() => [.. (_status.RecentSaveSeconds ?? []).Select(TimeSpan.FromSeconds)];

    private void HandleRestartRequest()
    {
        if (_status.Phase != RunPhase.Failed
            || _run.Metadata.Annotations?.TryGetValue(Annotations.RestartRequest, out var request) != true
            || string.IsNullOrEmpty(request)
            || request == _status.HandledRestartRequest)
        {
            return;
        }

        _status.HandledRestartRequest = request;
        _status.AppFailures = 0;
        _status.CompletionTime = null;
        _status.Message = null;
        Conditions.Set(_status.Conditions!, ConditionTypes.Failed, false, ConditionReasons.Resumed, "Restarted by request.", Generation, _now);
        Publish(false, ConditionReasons.Resumed, "Restart requested: a new attempt starts from the newest checkpoint.");
        SetPhase(RunPhase.Recovering);
    }

    private void Delete()
    {
        var live = _snapshot.Jobs.Where(j => j.Metadata.DeletionTimestamp is null).ToList();
        if (_status.Notice is { SaveRequestedTime: not null, RequestId: { } id } notice && _now < notice.Deadline && live.Count > 0
            && !AttemptView.Of(live[^1], _snapshot.Pods, _status.CurrentAttempt, _run.Spec.Workers).Answered(id))
        {
            // Deleting while Checkpointing: let the just-in-time save commit (or the window close) before stopping the pods.
            RequeueAt(notice.Deadline);
            return;
        }

        foreach (var job in live)
        {
            _actions.Add(new DeleteJob(job.Metadata.Name));
        }

        if (_snapshot.Jobs.Count == 0 && _run.Metadata.Finalizers?.Contains(Finalizers.Run) == true)
        {
            _actions.Add(new RemoveFinalizer());
        }
        else if (_snapshot.Jobs.Count > 0)
        {
            RequeueAfter(TimeSpan.FromSeconds(5));
        }
    }

    private void RejectSpec(IReadOnlyList<ValidationError> errors)
    {
        var message = string.Join("; ", errors.Select(e => e.ToString()));
        if (Conditions.Set(_status.Conditions!, ConditionTypes.SpecValid, false, ConditionReasons.InvalidSpec, message, Generation, _now))
        {
            Publish(true, ConditionReasons.InvalidSpec, message);
        }

        _status.Message = message;
        SetPhase(RunPhase.Failed);
    }

    private void Fail(string reason, string message)
    {
        _status.Message = message;
        _status.CompletionTime = _now;
        SetPhase(RunPhase.Failed);
        Conditions.Set(_status.Conditions!, ConditionTypes.Failed, true, reason, message, Generation, _now);
        Publish(true, reason, message);
    }

    private void EnterSuspended(string message)
    {
        SetPhase(RunPhase.Suspended);
        if (Conditions.Set(_status.Conditions!, ConditionTypes.Suspended, true, ConditionReasons.Suspended, message, Generation, _now))
        {
            Publish(false, ConditionReasons.Suspended, message);
        }
    }

    private void SetPhase(RunPhase phase)
    {
        if (_status.Phase == RunPhase.Suspended && phase != RunPhase.Suspended)
        {
            Conditions.Set(_status.Conditions!, ConditionTypes.Suspended, false, ConditionReasons.Resumed, "The run was resumed.", Generation, _now);
            Publish(false, ConditionReasons.Resumed, "The run was resumed from its newest checkpoint.");
        }

        _status.Phase = phase;
    }

    private void Account()
    {
        var gpusPerWorker = GpuCount.PerWorker((_spec.Template.Spec?.Containers ?? []).Select(c =>
            (IReadOnlyDictionary<string, string>?)c.Resources?.Limits?.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal)));
        var usage = _status.Attempts!.Select(a => new AttemptUsage(a.AdmittedCapacity ?? a.Capacity, gpusPerWorker, _spec.Workers, a.StartTime, a.EndTime)).ToList();
        foreach (var (attempt, use) in _status.Attempts!.Zip(usage))
        {
            attempt.GpuSeconds = Math.Round(use.GpuSeconds(_now), 1);
        }

        var prices = Prices.Resolve(_spec.Pricing, new Prices(_settings.DefaultSpotPricePerGpuHour, _settings.DefaultOnDemandPricePerGpuHour));
        var summary = CostAccounting.Summarize(usage, prices, _now);
        _status.GpuSeconds = summary.ToGpuSeconds();
        _status.Cost = summary.ToStatus();
        _status.ObservedGeneration = Generation;
        KeepRecentAccounting(usage);
        if (_status.Phase is RunPhase.Running or RunPhase.Checkpointing or RunPhase.Queued)
        {
            // GPU time grows only while an attempt runs; an attempt that never started has nothing to refresh.
            RequeueAfter(Current is { StartTime: not null, EndTime: null } ? _settings.ResyncPeriod : _settings.IdleResyncPeriod);
        }
    }

    /// <summary>
    /// A running attempt's GPU time grows with every reconcile. Written each time, it would make every reconcile write
    /// the status, and every status write (a watch event) ask for the next reconcile: a loop bounded only by the
    /// controller's speed. So when accounting is all that changed and what the status shows is younger than
    /// <see cref="ReconcileSettings.AccountingRefresh"/>, the shown figures stay; any other change writes them fresh.
    /// </summary>
    private void KeepRecentAccounting(List<AttemptUsage> usage)
    {
        if (_run.Status is not { Cost: { } cost, GpuSeconds: { } gpuSeconds, Attempts: { } shown } before
            || shown.Count != _status.Attempts!.Count || shown.Count == 0
            || Current is not { EndTime: null, StartTime: not null } current || shown[^1].Index != current.Index)
        {
            return;
        }

        var gpus = usage[^1].GpusPerWorker * usage[^1].Workers;
        if (gpus <= 0 || (current.GpuSeconds ?? 0) - (shown[^1].GpuSeconds ?? 0) >= _settings.AccountingRefresh.TotalSeconds * gpus)
        {
            return;
        }

        var fresh = (Attempts: _status.Attempts.Select(a => a.GpuSeconds).ToList(), _status.GpuSeconds, _status.Cost);
        for (var i = 0; i < shown.Count; i++)
        {
            _status.Attempts[i].GpuSeconds = shown[i].GpuSeconds;
        }

        _status.GpuSeconds = gpuSeconds;
        _status.Cost = cost;
        if (k8s.KubernetesJson.Serialize(_status) != k8s.KubernetesJson.Serialize(before))
        {
            for (var i = 0; i < shown.Count; i++)
            {
                _status.Attempts[i].GpuSeconds = fresh.Attempts[i];
            }

            _status.GpuSeconds = fresh.GpuSeconds;
            _status.Cost = fresh.Cost;
        }
    }

    private void TrimHistory()
    {
        // The status must stay well under etcd's object size limit however long a run lives.
        const int Kept = 50;
        while (_status.Attempts!.Count > Kept)
        {
            _status.Attempts.RemoveAt(0);
        }
    }

    private int MaxAppFailures => _spec.MaxAppFailures ?? Defaults.MaxAppFailures;

    private TimeSpan SaveTimeout() =>
        GoDuration.TryParse(_spec.Checkpoint.SaveTimeout ?? Defaults.SaveTimeout, out var t) && t > TimeSpan.Zero ? t : TimeSpan.FromMinutes(5);

    private void Publish(bool warning, string reason, string message) => _actions.Add(new PublishEvent(warning, reason, message));

    private void RequeueAt(DateTimeOffset? at)
    {
        if (at is { } when)
        {
            RequeueAfter(when > _now ? when - _now : TimeSpan.Zero);
        }
    }

    private void RequeueAfter(TimeSpan delay)
    {
        if (_requeue is null || delay < _requeue)
        {
            _requeue = delay;
        }
    }

    private ReconcileResult Result() => new(_status, _actions, _requeue);

    private static string Capacity(CapacityType capacity) => capacity == CapacityType.Spot ? "spot" : "on-demand";

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string GoDurationText(TimeSpan d) =>
        d.TotalSeconds < 120 ? Invariant($"{(int)Math.Ceiling(d.TotalSeconds)}s") : Invariant($"{(int)Math.Ceiling(d.TotalMinutes)}m");

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static TrainingRunStatus? Copy(TrainingRunStatus? status) =>
        status is null ? null : k8s.KubernetesJson.Deserialize<TrainingRunStatus>(k8s.KubernetesJson.Serialize(status));
}
