using k8s;
using k8s.Models;
using Orchestrator.Api;
using Orchestrator.Core.Reconcile;

namespace Orchestrator.Core.Tests.Reconcile;

/// <summary>The life of a run, one story per test, through the pure reconcile.</summary>
public sealed class RunReconcilerTests
{
    [Fact]
    public void A_new_run_gets_a_finalizer_and_its_first_attempt_on_spot()
    {
        var cluster = Cluster.ForQuickstart();
        var result = cluster.Step();

        Assert.Contains(result.Actions, a => a is AddFinalizer);
        var job = Assert.Single(result.Actions.OfType<CreateJob>()).Job;
        Assert.Equal("quick-1", job.Metadata.Name);
        Assert.Equal("spot", job.Metadata.Labels[Labels.KueueQueueName]);
        Assert.Equal(RunPhase.Queued, cluster.Status.Phase);
        Assert.Equal(1, cluster.Status.CurrentAttempt);
        Assert.Equal(CapacityType.Spot, cluster.Status.CapacityType);
        Assert.Contains(cluster.Events, e => e.Reason == ConditionReasons.AttemptCreated);
    }

    [Fact]
    public void The_Job_of_an_attempt_recorded_as_ended_is_deleted_again_when_the_first_delete_never_happened()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        var job = cluster.Jobs.Single();
        cluster.Nodes.Remove(cluster.PodsOf(1).First().Spec.NodeName);
        cluster.Step(TimeSpan.FromMinutes(1));
        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);

        // The controller stopped after writing the status and before its delete reached the API server.
        cluster.Jobs.Add(job);
        var again = cluster.Step(TimeSpan.FromSeconds(1));

        Assert.Contains(again.Actions, a => a is DeleteJob { Name: "quick-1" });
        Assert.Equal(2, cluster.Status.Attempts!.Count);
    }

    [Fact]
    public void A_checkpoint_reported_with_sub_microsecond_time_is_announced_once()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        // The agent's clock has 100 ns ticks; the status keeps microseconds, so the two never compare equal by time.
        cluster.Now += TimeSpan.FromTicks(1234567);
        cluster.Commit(1, 42);

        cluster.Step();
        cluster.Step(TimeSpan.FromSeconds(1));
        cluster.Step(TimeSpan.FromSeconds(1));

        Assert.Single(cluster.Events, e => e.Reason == ConditionReasons.CheckpointCommitted);
        Assert.Equal(42, cluster.Status.LastCheckpoint!.Step);
    }

    [Fact]
    public void A_failed_Job_whose_pods_are_all_gone_was_preempted_not_an_app_failure()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));

        // The node and its pods vanished while no controller ran; the Job controller counted them as failures.
        cluster.Pods.Clear();
        cluster.Jobs.Single().Status = new V1JobStatus { Failed = 2, Conditions = [new V1JobCondition { Type = "Failed", Status = "True", Reason = "BackoffLimitExceeded" }] };
        cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);
        Assert.Equal(0, cluster.Status.AppFailures);
        Assert.Equal(2, cluster.Status.Attempts.Count);
    }

    [Fact]
    public void A_pending_save_request_that_never_reached_a_pod_is_sent_again()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Checkpoint.Interval = "30s");
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        var first = cluster.Step(TimeSpan.FromSeconds(31));
        var request = first.Actions.OfType<RequestSave>().First();

        // The controller stopped after recording the request and before it reached this pod.
        var lost = cluster.Pods.Single(p => p.Metadata.Name == request.PodName);
        lost.Metadata.Annotations.Remove(Annotations.SaveRequest);
        var again = cluster.Step(TimeSpan.FromSeconds(1));
        var quiet = cluster.Step(TimeSpan.FromSeconds(1));

        Assert.Contains(again.Actions, a => a is RequestSave r && r.PodName == lost.Metadata.Name && r.RequestId == request.RequestId);
        Assert.DoesNotContain(quiet.Actions, a => a is RequestSave);
    }

    [Fact]
    public void A_Job_whose_create_failed_is_created_again_even_after_the_creation_grace()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();

        // The status recorded attempt 1, then the Job create failed (API fault) and the retries took long.
        cluster.Jobs.Clear();
        var later = cluster.Step(cluster.Settings.CreationGrace * 3);

        Assert.Contains(later.Actions, a => a is CreateJob { Job.Metadata.Name: "quick-1" });
        var attempt = Assert.Single(cluster.Status.Attempts!);
        Assert.Null(attempt.EndReason);
    }

    [Fact]
    public void Reconciling_the_same_world_twice_creates_no_second_attempt()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        var again = cluster.Step(TimeSpan.FromSeconds(1));

        Assert.DoesNotContain(again.Actions, a => a is CreateJob);
        Assert.Single(cluster.Jobs);
        Assert.Single(cluster.Status.Attempts!);
    }

    [Fact]
    public void An_invalid_spec_fails_the_run_with_the_field_path_and_creates_nothing()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.Checkpoint.Storage.Uri = "gs://bucket/x");
        var result = cluster.Step();

        Assert.DoesNotContain(result.Actions, a => a is CreateJob);
        Assert.Equal(RunPhase.Failed, cluster.Status.Phase);
        var condition = Assert.Single(cluster.Status.Conditions!, c => c.Type == ConditionTypes.SpecValid);
        Assert.Equal("False", condition.Status);
        Assert.Equal(ConditionReasons.InvalidSpec, condition.Reason);
        Assert.Contains("spec.checkpoint.storage.uri", condition.Message, StringComparison.Ordinal);
        Assert.Contains(cluster.Events, e => e.Warning && e.Reason == ConditionReasons.InvalidSpec);
    }

    [Theory]
    [InlineData("a minute later: the status stays as written", 60, false)]
    [InlineData("six minutes later: GPU time and cost are brought up to date", 360, true)]
    public void A_reconcile_that_only_advances_GPU_time_rewrites_the_status_at_most_every_five_minutes(string why, int secondsLater, bool rewritten)
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Step(TimeSpan.FromMinutes(5));
        var before = KubernetesJson.Serialize(cluster.Status);

        cluster.Step(TimeSpan.FromSeconds(secondsLater));

        Assert.True(rewritten == (KubernetesJson.Serialize(cluster.Status) != before), why);
        Assert.Equal(2 * (rewritten ? 5 * 60 + secondsLater : 5 * 60), cluster.Status.GpuSeconds!.Spot, precision: 3);
    }

    [Fact]
    public void A_worker_that_finishes_before_its_peers_leaves_the_run_Running_until_the_Job_completes()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));

        cluster.Exit(cluster.PodsOf(1).First(), 0, "Completed");
        cluster.Step(TimeSpan.FromSeconds(5));

        Assert.Equal(RunPhase.Running, cluster.Status.Phase);
        Assert.DoesNotContain(cluster.Status.Conditions!, c => c.Type == ConditionTypes.Running && c.Status != "True");
    }

    [Fact]
    public void Running_workers_make_the_run_Running_and_start_the_GPU_clock()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Step(TimeSpan.FromMinutes(30));

        Assert.Equal(RunPhase.Running, cluster.Status.Phase);
        Assert.Equal(Cluster.T0.AddMinutes(1), cluster.Status.Attempts![0].StartTime);
        Assert.Equal(2 * 30 * 60, cluster.Status.GpuSeconds!.Spot, precision: 3);
        Assert.True(cluster.Status.Cost!.Estimated > 0);
    }

    [Fact]
    public void A_notice_requests_a_checkpoint_from_every_worker_then_resumes_after_the_commit()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Taint("spot-node-1-0", "aws-node-termination-handler/spot-itn");

        var notice = cluster.Step(TimeSpan.FromMinutes(20));
        Assert.Equal(RunPhase.Checkpointing, cluster.Status.Phase);
        var saves = notice.Actions.OfType<RequestSave>().ToList();
        Assert.Equal(2, saves.Count);
        Assert.All(saves, s => Assert.Equal("a1-notice", s.RequestId));
        Assert.Equal(TimeSpan.FromSeconds(120), cluster.Status.Notice!.Deadline - cluster.Status.Notice.ReceivedTime);
        Assert.True(notice.RequeueAfter <= TimeSpan.FromSeconds(120));

        cluster.Commit(1, step: 1234, answering: "a1-notice");
        var resumed = cluster.Step(TimeSpan.FromSeconds(20));

        var ended = cluster.Status.Attempts![0];
        Assert.Equal(AttemptEndReason.Preempted, ended.EndReason);
        // Only the 20 s between the committed save and the attempt's end are lost, not the 20 min since the start.
        Assert.Equal(20, ended.LostWorkSeconds);
        Assert.Contains(resumed.Actions, a => a is DeleteJob { Name: "quick-1" });
        var next = Assert.Single(resumed.Actions.OfType<CreateJob>()).Job;
        Assert.Equal("quick-2", next.Metadata.Name);
        Assert.Equal(1, cluster.Status.Preemptions);
        Assert.Equal(0, cluster.Status.AppFailures);
        Assert.Equal(1234, cluster.Status.LastCheckpoint!.Step);
        Assert.Equal(1234, cluster.Status.Attempts[1].RestoredStep);
        Assert.Single(cluster.Status.RecentSaveSeconds!);
    }

    [Fact]
    public void A_node_that_vanishes_without_notice_is_a_preemption_with_the_work_since_the_last_checkpoint_lost()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Step(TimeSpan.FromMinutes(5));
        cluster.Commit(1, step: 500);
        cluster.Step();
        cluster.Nodes.Remove("spot-node-1-1");

        cluster.Step(TimeSpan.FromMinutes(3));

        var ended = cluster.Status.Attempts![0];
        Assert.Equal(AttemptEndReason.Preempted, ended.EndReason);
        Assert.Equal(3 * 60, ended.LostWorkSeconds);
        Assert.Equal(2, cluster.Status.CurrentAttempt);
    }

    [Fact]
    public void After_two_preemptions_the_next_attempt_goes_on_demand_pinned_to_on_demand_nodes()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            cluster.StartWorkers(attempt);
            cluster.Step(TimeSpan.FromMinutes(1));
            cluster.Nodes.Remove($"spot-node-{attempt}-0");
            cluster.Step(TimeSpan.FromMinutes(10));
        }

        var job = cluster.Jobs.Single(j => j.Metadata.Name == "quick-3");
        Assert.Equal("on-demand", job.Metadata.Labels[Labels.KueueQueueName]);
        Assert.Equal("on-demand", job.Spec.Template.Spec.NodeSelector["karpenter.sh/capacity-type"]);
        Assert.Equal(CapacityType.OnDemand, cluster.Status.CapacityType);
        Assert.Contains(cluster.Events, e => e.Reason == ConditionReasons.FallbackToOnDemand);
        Assert.Equal("True", cluster.Status.Conditions!.Single(c => c.Type == ConditionTypes.FellBack).Status);
    }

    [Fact]
    public void An_application_failure_is_retried_then_the_run_fails_after_maxAppFailures()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.MaxAppFailures = 1);
        cluster.Step();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            cluster.StartWorkers(attempt);
            cluster.Step(TimeSpan.FromMinutes(1));
            cluster.Exit(cluster.PodsOf(attempt).First(), 1);
            cluster.Step(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(2, cluster.Status.AppFailures);
        Assert.Equal(RunPhase.Failed, cluster.Status.Phase);
        Assert.Equal(2, cluster.Status.Attempts!.Count);
        Assert.All(cluster.Status.Attempts, a => Assert.Equal(AttemptEndReason.AppFailure, a.EndReason));
        Assert.Contains(cluster.Events, e => e.Reason == ConditionReasons.TooManyAppFailures);
    }

    [Fact]
    public void A_worker_crashing_because_its_peer_was_preempted_is_not_an_application_failure()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Nodes.Remove("spot-node-1-0");
        cluster.Exit(cluster.PodsOf(1).Last(), 1);

        cluster.Step(TimeSpan.FromSeconds(30));

        Assert.Equal(AttemptEndReason.Preempted, cluster.Status.Attempts![0].EndReason);
        Assert.Equal(0, cluster.Status.AppFailures);
    }

    [Fact]
    public void Suspend_checkpoints_first_then_stops_and_resume_starts_from_that_checkpoint()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Run.Spec.Suspend = true;

        var request = cluster.Step(TimeSpan.FromMinutes(2));
        Assert.All(request.Actions.OfType<RequestSave>(), s => Assert.Equal("a1-suspend", s.RequestId));
        Assert.NotEqual(RunPhase.Suspended, cluster.Status.Phase);

        cluster.Commit(1, step: 77, answering: "a1-suspend");
        var stop = cluster.Step(TimeSpan.FromSeconds(10));
        Assert.Contains(stop.Actions, a => a is DeleteJob { Name: "quick-1" });
        Assert.Equal(RunPhase.Suspended, cluster.Status.Phase);
        Assert.Equal(AttemptEndReason.Suspended, cluster.Status.Attempts![0].EndReason);

        cluster.Run.Spec.Suspend = false;
        var resume = cluster.Step(TimeSpan.FromHours(1));
        Assert.Equal("quick-2", Assert.Single(resume.Actions.OfType<CreateJob>()).Job.Metadata.Name);
        Assert.Equal(77, cluster.Status.Attempts[1].RestoredStep);
        Assert.Contains(cluster.Events, e => e.Reason == ConditionReasons.Resumed);
    }

    [Fact]
    public void Deleting_while_checkpointing_waits_for_the_save_then_stops_the_attempt_and_releases_the_run()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Taint("spot-node-1-1", "karpenter.sh/disrupted");
        cluster.Step(TimeSpan.FromSeconds(5));
        cluster.Run.Metadata.DeletionTimestamp = cluster.Now.UtcDateTime;

        var waiting = cluster.Step(TimeSpan.FromSeconds(5));
        Assert.DoesNotContain(waiting.Actions, a => a is DeleteJob or RemoveFinalizer);

        cluster.Commit(1, step: 10, answering: "a1-notice");
        var stop = cluster.Step(TimeSpan.FromSeconds(5));
        Assert.Contains(stop.Actions, a => a is DeleteJob { Name: "quick-1" });

        var release = cluster.Step(TimeSpan.FromSeconds(5));
        Assert.Contains(release.Actions, a => a is RemoveFinalizer);
    }

    [Fact]
    public void A_completed_job_makes_the_run_Succeeded()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.CompleteJob(1);

        var done = cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal(RunPhase.Succeeded, cluster.Status.Phase);
        Assert.Equal(AttemptEndReason.Succeeded, cluster.Status.Attempts![0].EndReason);
        Assert.DoesNotContain(done.Actions, a => a is DeleteJob or CreateJob);
        Assert.Null(done.RequeueAfter);
    }

    [Fact]
    public void A_periodic_checkpoint_is_requested_when_the_interval_has_passed()
    {
        var cluster = Cluster.ForQuickstart();
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        var early = cluster.Step(TimeSpan.FromMinutes(5));
        Assert.DoesNotContain(early.Actions, a => a is RequestSave);
        Assert.True(early.RequeueAfter <= TimeSpan.FromMinutes(5));

        var due = cluster.Step(TimeSpan.FromMinutes(5));
        var saves = due.Actions.OfType<RequestSave>().ToList();
        Assert.Equal(2, saves.Count);
        Assert.All(saves, s => Assert.Equal("periodic", s.Reason));
        Assert.Equal("10m", cluster.Status.CheckpointInterval);
    }

    [Fact]
    public void A_restart_request_brings_a_failed_run_back_from_its_newest_checkpoint()
    {
        var cluster = Cluster.ForQuickstart(spec => spec.MaxAppFailures = 0);
        cluster.Step();
        cluster.StartWorkers(1);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Commit(1, step: 300);
        cluster.Step(TimeSpan.FromMinutes(1));
        cluster.Exit(cluster.PodsOf(1).First(), 2);
        cluster.Step(TimeSpan.FromMinutes(1));
        Assert.Equal(RunPhase.Failed, cluster.Status.Phase);

        cluster.Run.Metadata.Annotations = new Dictionary<string, string> { [Annotations.RestartRequest] = "r1" };
        var restart = cluster.Step(TimeSpan.FromMinutes(1));

        Assert.Equal("quick-2", Assert.Single(restart.Actions.OfType<CreateJob>()).Job.Metadata.Name);
        Assert.Equal(300, cluster.Status.Attempts![1].RestoredStep);
        Assert.Equal("r1", cluster.Status.HandledRestartRequest);

        var again = cluster.Step(TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(again.Actions, a => a is CreateJob);
    }
}
