using System.ComponentModel;
using k8s;
using k8s.Models;
using Orchestrator.Sandbox.Workloads.Watching;

namespace Orchestrator.Sandbox.Workloads.Kubelet;

/// <summary>
/// Runs one pod: holds it with the kubelet finalizer, prepares its folders, runs init containers in
/// order then the containers together (restarting them per restartPolicy), reports status, and on
/// deletion sends SIGTERM, waits the grace period on the injected clock, then SIGKILLs.
/// </summary>
internal sealed class PodWorker(
    IKubernetes client,
    V1Pod pod,
    ProcessKubeletOptions options,
    string? clusterCertificateAuthority,
    TimeProvider time,
    ILogger logger,
    Func<V1Pod?> cached,
    CancellationToken disposing,
    PodNetwork? network = null) : IDisposable
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromMinutes(5);

    private readonly Lock _gate = new();
    private readonly List<IContainerProcess> _running = [];
    private readonly HashSet<IContainerProcess> _sidecarProcesses = [];
    private readonly CancellationTokenSource _terminate = CancellationTokenSource.CreateLinkedTokenSource(disposing);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly PodFolders _folders = PodFolders.For(options.PodsRoot, pod);
    private readonly string _ns = pod.Metadata.NamespaceProperty;
    private readonly string _name = pod.Metadata.Name;
    private List<V1ContainerStatus> _initStatuses = [];
    private List<V1ContainerStatus> _statuses = [];
    private Dictionary<string, string> _hostFolders = new(StringComparer.Ordinal);
    private string? _serviceAccountFolder;
    private PodAddress? _address;
    private string _phase = "Pending";
    private string? _reason;
    private string? _message;
    private bool _initialized;
    private DateTime _startTime;
    private bool _terminating;
    private bool _stoppingSidecars;
    private TimeSpan _grace = TimeSpan.MaxValue;
    private bool _gone;
    private V1Pod? _lastStored;
    private long _version;
    private long _written;

    public string Uid { get; } = pod.Metadata.Uid;

    public string NodeName { get; } = pod.Spec.NodeName;

    public string Folder => _folders.Root;

    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync, CancellationToken.None);

    /// <summary>Graceful stop: SIGTERM now, SIGKILL once <paramref name="grace"/> has passed. A shorter grace escalates.</summary>
    public void RequestTermination(TimeSpan grace)
    {
        List<IContainerProcess> running;
        lock (_gate)
        {
            if (_terminating && grace >= _grace)
            {
                return;
            }

            var first = !_terminating;
            _terminating = true;
            _grace = grace;
            running = [.. _running];
            if (!first && grace > TimeSpan.Zero)
            {
                // Already terminating with a longer grace: only the SIGKILL moment moves earlier.
                _ = KillAfterAsync(running, grace);
                return;
            }
        }

        try
        {
            _terminate.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The pod already finished.
        }

        if (grace <= TimeSpan.Zero)
        {
            running.ForEach(p => p.Kill());
            return;
        }

        running.ForEach(p => p.Terminate());
        _ = KillAfterAsync(running, grace);
    }

    public void Dispose()
    {
        _terminate.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>The node vanished or the pod was removed: SIGKILL at once.</summary>
    public void KillNow() => RequestTermination(TimeSpan.Zero);

    /// <summary>
    /// The machine died: no status is written from now on (a dead machine's kubelet reports nothing, so the pod keeps
    /// showing Running until its node is seen gone), then SIGKILL at once; completes when every process has exited.
    /// </summary>
    public async Task DieWithMachineAsync()
    {
        try
        {
            // Taken so that a status write in flight finishes first and none starts after the kill.
            await _writeLock.WaitAsync(disposing);
            try
            {
                _gone = true;
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // The pod had already finished: nothing runs any more.
            return;
        }

        List<IContainerProcess> running;
        lock (_gate)
        {
            running = [.. _running];
        }

        KillNow();
        await Task.WhenAll(running.Select(p => p.Exited));
    }

    private async Task KillAfterAsync(List<IContainerProcess> processes, TimeSpan grace)
    {
        try
        {
            await Task.WhenAny(Task.WhenAll(processes.Select(p => p.Exited)), Task.Delay(grace, time, disposing));
        }
        finally
        {
            processes.Where(p => !p.Exited.IsCompleted).ToList().ForEach(p => p.Kill());
        }
    }

    private async Task RunAsync()
    {
        var holding = false;
        try
        {
            holding = await AcquireAsync();
            if (!holding)
            {
                return;
            }

            _startTime = time.GetUtcNow().UtcDateTime;
            _hostFolders = await PodVolumes.PrepareAsync(client, pod, _folders, options.PodsRoot, disposing);
            _serviceAccountFolder = await ServiceAccountMount.PrepareAsync(client, pod, _folders, clusterCertificateAuthority, disposing);

            // Before any container: the pod's address is in its peers' hosts files from its first moment, as a pod IP
            // is published (publishNotReadyAddresses) once the pod sandbox exists.
            _address = network?.Join(pod, _folders.Root);
            var inits = pod.Spec.InitContainers ?? [];
            lock (_gate)
            {
                _initStatuses = [.. inits.Select(c => NewStatus(c, "PodInitializing"))];
                _statuses = [.. pod.Spec.Containers.Select(c => NewStatus(c, inits.Count > 0 ? "PodInitializing" : "ContainerCreating"))];
                _initialized = inits.Count == 0;
            }

            // Not awaited: the first container start usually follows at once and the two writes coalesce.
            _ = PublishQuietlyAsync();
            var ok = true;
            var sidecars = new List<Task<bool>>();
            for (var i = 0; i < inits.Count && ok; i++)
            {
                if (IsSidecar(inits[i]))
                {
                    // A native sidecar (Kubernetes 1.29+): it starts in init order, keeps running beside the
                    // containers, and is stopped after them; the next init container waits only for its start.
                    var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    sidecars.Add(RunContainerAsync(inits[i], _initStatuses[i], init: true, started));
                    await started.Task;
                    continue;
                }

                ok = await RunContainerAsync(inits[i], _initStatuses[i], init: true);
            }

            if (ok && !IsTerminating())
            {
                lock (_gate)
                {
                    _initialized = true;
                }

                await Task.WhenAll(pod.Spec.Containers.Select((c, i) => RunContainerAsync(c, _statuses[i], init: false)));
            }

            await StopSidecarsAsync(sidecars);

            lock (_gate)
            {
                var allSucceeded = _initialized && _statuses.All(s => s.State?.Terminated?.ExitCode == 0);
                _phase = allSucceeded ? "Succeeded" : "Failed";
            }

            await PublishAsync();
        }
        catch (OperationCanceledException) when (disposing.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            WorkloadLog.PodProblem(logger, ex, ObjectKey.Of(_ns, _name), "the kubelet failed to run the pod");
            lock (_gate)
            {
                _phase = "Failed";
                _reason = "KubeletError";
                _message = ex.Message;
            }

            await TryAsync(PublishAsync);
        }
        finally
        {
            KillAll();
            if (holding && !disposing.IsCancellationRequested)
            {
                await TryAsync(ReleaseAsync);
            }
        }
    }

    /// <summary>Adds the kubelet finalizer; false when the pod is gone or already being deleted (it never ran, so there is nothing to stop).</summary>
    private async Task<bool> AcquireAsync()
    {
        var stored = await PodUpdates.UpdateAsync(
            client,
            _ns,
            _name,
            fresh =>
            {
                if (fresh.Metadata.Uid != Uid || fresh.Metadata.DeletionTimestamp is not null || PodStates.HasFinalizer(fresh, options.Finalizer))
                {
                    return false;
                }

                fresh.Metadata.Finalizers ??= [];
                fresh.Metadata.Finalizers.Add(options.Finalizer);
                return true;
            },
            disposing,
            Latest());
        Remember(stored);
        if (stored is null || stored.Metadata.Uid != Uid)
        {
            return false;
        }

        if (stored.Metadata.DeletionTimestamp is not null)
        {
            if (PodStates.HasFinalizer(stored, options.Finalizer))
            {
                await ReleaseAsync();
            }

            return false;
        }

        return true;
    }

    private Task ReleaseAsync() => PodRelease.ReleaseAsync(client, _ns, _name, Uid, options.Finalizer, CancellationToken.None, Latest());

    /// <summary>
    /// The newest copy of the pod known without a read: the informer's, or the one our own last write
    /// returned when the informer has not caught up yet (writing from a stale copy only costs a 409).
    /// </summary>
    private V1Pod? Latest()
    {
        var fromInformer = cached();
        var own = Volatile.Read(ref _lastStored);
        if (own is null || fromInformer is null)
        {
            return fromInformer ?? own;
        }

        return long.TryParse(own.Metadata.ResourceVersion, out var mine)
            && long.TryParse(fromInformer.Metadata.ResourceVersion, out var theirs)
            && mine > theirs
                ? own
                : fromInformer;
    }

    private void Remember(V1Pod? stored)
    {
        if (stored?.Metadata.Uid == Uid)
        {
            Volatile.Write(ref _lastStored, stored);
        }
    }

    private bool HasRunning()
    {
        lock (_gate)
        {
            return _running.Count > 0;
        }
    }

    private bool SidecarsStopping()
    {
        lock (_gate)
        {
            return _stoppingSidecars;
        }
    }

    private bool IsTerminating()
    {
        lock (_gate)
        {
            return _terminating;
        }
    }

    private static bool IsSidecar(V1Container container) => container.RestartPolicy == "Always";

    /// <summary>Stops the native sidecars once the containers are done: SIGTERM, then SIGKILL after the grace period.</summary>
    private async Task StopSidecarsAsync(List<Task<bool>> sidecars)
    {
        if (sidecars.Count == 0)
        {
            return;
        }

        List<IContainerProcess> running;
        lock (_gate)
        {
            _stoppingSidecars = true;
            running = [.. _sidecarProcesses];
        }

        running.ForEach(p => p.Terminate());
        var grace = TimeSpan.FromSeconds(pod.Spec.TerminationGracePeriodSeconds ?? (long)options.DefaultGracePeriod.TotalSeconds);
        await KillAfterAsync(running, grace);
        await Task.WhenAll(sidecars);
    }

    /// <summary>Runs one container until it ends for good; true when it ended with exit code 0.</summary>
    private async Task<bool> RunContainerAsync(V1Container container, V1ContainerStatus status, bool init, TaskCompletionSource? started = null)
    {
        try
        {
            return await RunContainerLoopAsync(container, status, init, started);
        }
        finally
        {
            started?.TrySetResult();
        }
    }

    private async Task<bool> RunContainerLoopAsync(V1Container container, V1ContainerStatus status, bool init, TaskCompletionSource? started)
    {
        var sidecar = started is not null;
        var backoff = options.RestartBackoff;
        while (true)
        {
            if (IsTerminating())
            {
                return false;
            }

            int exitCode;
            var startedAt = time.GetUtcNow().UtcDateTime;
            string? failure = null;
            IContainerProcess? process = null;
            var terminationMessage = _folders.TerminationMessageOf(container.Name, status.RestartCount);
            try
            {
                process = await StartContainerAsync(container, status.RestartCount);
            }
            catch (InvalidOperationException ex)
            {
                // A bad reference (missing secret or key, unknown fieldPath) is retried, as the kubelet does.
                SetState(status, new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CreateContainerConfigError", Message = ex.Message } });
                await PublishQuietlyAsync();
                if (!await BackoffAsync(backoff))
                {
                    return false;
                }

                backoff = Next(backoff);
                continue;
            }
            catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException)
            {
                failure = ex.Message;
            }

            if (process is not null)
            {
                lock (_gate)
                {
                    _running.Add(process);
                    if (sidecar)
                    {
                        _sidecarProcesses.Add(process);
                    }

                    if (_terminating || (sidecar && _stoppingSidecars))
                    {
                        // Started while the pod was being stopped.
                        process.Kill();
                    }
                }

                lock (_gate)
                {
                    status.ContainerID = process.ContainerId;
                    status.Started = true;
                    status.Ready = !init || sidecar;
                    status.State = new V1ContainerState { Running = new V1ContainerStateRunning { StartedAt = startedAt } };
                    if (!init)
                    {
                        _phase = "Running";
                    }
                }

                await PublishQuietlyAsync();
                started?.TrySetResult();
                exitCode = await process.Exited;
                lock (_gate)
                {
                    _running.Remove(process);
                    _sidecarProcesses.Remove(process);
                }

                process.Dispose();
            }
            else
            {
                exitCode = 128;
            }

            var terminated = new V1ContainerStateTerminated
            {
                ExitCode = exitCode,
                Reason = failure is not null ? "StartError" : exitCode == 0 ? "Completed" : "Error",
                Message = failure ?? TerminationMessage.Read(terminationMessage),
                StartedAt = startedAt,
                FinishedAt = time.GetUtcNow().UtcDateTime,
                ContainerID = status.ContainerID,
            };
            lock (_gate)
            {
                status.Ready = false;
                status.Started = false;
                status.State = new V1ContainerState { Terminated = terminated };
            }

            var policy = pod.Spec.RestartPolicy ?? "Always";
            var restart = !IsTerminating() && (sidecar
                ? !SidecarsStopping()
                : exitCode != 0 ? policy is "Always" or "OnFailure" : policy == "Always" && !init);
            if (!restart)
            {
                // The pod's final write (or the next container's start) reports this; publish now only while siblings still run.
                if (!init && HasRunning())
                {
                    await PublishQuietlyAsync();
                }

                return exitCode == 0;
            }

            lock (_gate)
            {
                status.LastState = new V1ContainerState { Terminated = terminated };
                status.RestartCount++;
                status.State = new V1ContainerState
                {
                    Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff", Message = $"back-off {backoff.TotalSeconds}s restarting failed container={container.Name}" },
                };
            }

            await PublishQuietlyAsync();
            if (!await BackoffAsync(backoff))
            {
                return false;
            }

            backoff = Next(backoff);
        }
    }

    private static TimeSpan Next(TimeSpan backoff) => TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, s_maxBackoff.Ticks));

    private async Task<bool> BackoffAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _terminate.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<IContainerProcess> StartContainerAsync(V1Container container, int restartCount)
    {
        var imageFiles = new Dictionary<string, string>(options.ImageFiles, StringComparer.Ordinal);
        if (_serviceAccountFolder is not null)
        {
            imageFiles[ServiceAccountMount.MountPath] = _serviceAccountFolder;
        }

        // A path the process is told (an env value or argument) reaches the run's own message file, as a bind mount would.
        var terminationMessage = _folders.TerminationMessageOf(container.Name, restartCount);
        TerminationMessage.Prepare(terminationMessage);
        imageFiles[string.IsNullOrEmpty(container.TerminationMessagePath) ? TerminationMessage.DefaultPath : container.TerminationMessagePath] = terminationMessage;
        var translator = PodVolumes.TranslatorFor(container, _hostFolders, imageFiles);
        if (container.Image?.StartsWith(options.SimulatedImagePrefix, StringComparison.Ordinal) == true)
        {
            return new SimulatedContainerProcess(SimulatedBehaviour.Parse(pod, container.Args ?? [], IsSidecar(container)), time);
        }

        var env = await ContainerEnvironment.BuildAsync(client, pod, container, translator, disposing);
        env.TryAdd("HOSTNAME", pod.Spec.Hostname ?? _name);
        if (_serviceAccountFolder is not null)
        {
            // The pod's own identity wins over a kubeconfig the kubelet hands every container (options.Environment).
            env.TryAdd("KUBECONFIG", ServiceAccountMount.KubeconfigPath(_serviceAccountFolder));
        }

        foreach (var (name, value) in options.Environment)
        {
            env.TryAdd(name, value);
        }
        var command = (container.Command ?? []).Select(a => translator.Translate(ContainerEnvironment.Expand(a, env))).ToList();
        var args = (container.Args ?? []).Select(a => translator.Translate(ContainerEnvironment.Expand(a, env))).ToList();
        network?.RewritePorts(pod, env);
        var resolved = options.CommandResolver.Resolve(container.Image, command, args);
        if (_address is { } address)
        {
            resolved = InPodNamespaces(resolved, address);
        }

        var workingDirectory = WorkingDirectoryOf(container, translator);
        return HostContainerProcess.Start(resolved, workingDirectory, env, options.InheritHostEnvironment, _folders.LogOf(container.Name, restartCount), time);
    }

    /// <summary>
    /// Runs the command in a mount and UTS namespace of its own, with the pod's hosts file over /etc/hosts and the pod's
    /// hostname. unshare and sh both exec, so the process the kubelet signals is the container's own.
    /// </summary>
    private static ResolvedCommand InPodNamespaces(ResolvedCommand command, PodAddress address) => new(
        PodNetwork.Unshare,
        ["--mount", "--uts", "--propagation", "private", "--", "/bin/sh", "-c", "mount --bind \"$1\" /etc/hosts && hostname \"$2\" && shift 2 && exec \"$@\"",
            "sh", address.HostsFile, address.Hostname, command.FileName, .. command.Arguments]);

    private string WorkingDirectoryOf(V1Container container, PathTranslator translator)
    {
        var folder = string.IsNullOrEmpty(container.WorkingDir)
            ? options.ImageWorkingDirectory ?? _folders.DefaultWorkingDirectory
            : translator.TranslatePath(container.WorkingDir) ?? Path.Join(_folders.RootFs, container.WorkingDir);
        Directory.CreateDirectory(folder);
        return folder;
    }

    private void SetState(V1ContainerStatus status, V1ContainerState state)
    {
        lock (_gate)
        {
            status.State = state;
        }
    }

    private static V1ContainerStatus NewStatus(V1Container container, string waitingReason) => new()
    {
        Name = container.Name,
        Image = container.Image,
        ImageID = container.Image,
        Ready = false,
        Started = false,
        RestartCount = 0,
        State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = waitingReason } },
    };

    private void KillAll()
    {
        lock (_gate)
        {
            _running.ForEach(p => p.Kill());
        }
    }

    private async Task PublishQuietlyAsync() => await TryAsync(PublishAsync);

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (!disposing.IsCancellationRequested)
        {
            WorkloadLog.PodProblem(logger, ex, ObjectKey.Of(_ns, _name), "status write failed");
        }
        catch (Exception)
        {
            // Disposing: the API server may already be gone.
        }
    }

    /// <summary>Writes the latest status; concurrent calls coalesce into one write that carries every change made before it.</summary>
    private async Task PublishAsync()
    {
        var wanted = Interlocked.Increment(ref _version);
        await _writeLock.WaitAsync(disposing);
        try
        {
            if (_written >= wanted || _gone)
            {
                return;
            }

            var snapshotVersion = Interlocked.Read(ref _version);
            var stored = await PodUpdates.UpdateStatusAsync(client, _ns, _name, ApplyStatus, disposing, Latest());
            Remember(stored);
            _gone = stored is null || stored.Metadata.Uid != Uid;
            _written = snapshotVersion;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private bool ApplyStatus(V1Pod fresh)
    {
        if (fresh.Metadata.Uid != Uid)
        {
            return false;
        }

        fresh.Status ??= new V1PodStatus();
        var status = fresh.Status;
        var before = KubernetesJson.Serialize(status);
        var now = time.GetUtcNow().UtcDateTime;
        lock (_gate)
        {
            status.Phase = _phase;
            status.Reason = _reason;
            status.Message = _message;
            status.HostIP = ProcessKubelet.PodIp;
            status.HostIPs = [new V1HostIP { Ip = ProcessKubelet.PodIp }];
            status.PodIP = _address?.Ip ?? ProcessKubelet.PodIp;
            status.PodIPs = [new V1PodIP { Ip = status.PodIP }];
            status.StartTime ??= _startTime;
            status.InitContainerStatuses = _initStatuses.Count == 0 ? null : Clone(_initStatuses);
            status.ContainerStatuses = Clone(_statuses);
            var terminal = _phase is "Succeeded" or "Failed";
            var ready = !terminal && _statuses.Count > 0 && _statuses.All(s => s.Ready == true && s.State?.Running is not null);
            var notReadyReason = terminal ? "PodCompleted" : ready ? null : "ContainersNotReady";
            PodConditions.Set(status, "Initialized", _initialized, _initialized ? null : "ContainersNotInitialized", null, now);
            PodConditions.Set(status, "ContainersReady", ready, notReadyReason, null, now);
            PodConditions.Set(status, "Ready", ready, notReadyReason, null, now);
        }

        return KubernetesJson.Serialize(status) != before;
    }

    private static List<V1ContainerStatus> Clone(List<V1ContainerStatus> statuses) =>
        KubernetesJson.Deserialize<List<V1ContainerStatus>>(KubernetesJson.Serialize(statuses));
}
