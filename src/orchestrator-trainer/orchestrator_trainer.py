"""orchestrator-trainer: make a training loop follow the Orchestrator trainer contract.

The contract itself is docs/checkpointing.md ("Trainer contract", "Agreeing on the save step in a gang");
this module is one implementation of it. Standard library only; the PyTorch helpers (TorchState) import
torch when they are used. Works installed (pip install ./src/orchestrator-trainer) or as this one file
copied next to a training script.

    import orchestrator_trainer as ot
    ckpt = ot.Checkpointer(ot.TorchState(model, optimizer, scheduler, sampler))
    for step in range(ckpt.restore() + 1, total_steps + 1):
        train_one_step(step)
        ckpt.step_done(step)
    ckpt.finish()

With D = $ORCH_CHECKPOINT_DIR, the Checkpointer:
  * restore(): loads D/.orchestrator/restore.json's checkpoint, if any, and returns its step (0 when none);
    in a process group every rank must have restored the same step, or it exits 1;
  * step_done(n): after step n, answers D/.orchestrator/save-request (and the periodic save_every), saves
    D/step-<12 digits>/ with its .finished marker written last, and after SIGTERM saves and exits 143;
  * agrees on the save step across a gang: through the process group when torch.distributed is initialised
    (a MAX all-reduce of a "save now" flag after every step, request ids all-gathered), through the agents
    otherwise (the step file and the request's hold/step fields);
  * finish(): the step file says the last step is done (exit 0 afterwards means success).
"""

import json
import os
import shutil
import signal
import sys
import time

__all__ = ["Checkpointer", "TorchState", "FileState", "Contract", "report_progress", "init_process_group", "EXIT_TERMINATED", "EXIT_RENDEZVOUS_FAILED"]

EXIT_TERMINATED = 143  # 128 + SIGTERM: the work is not done
EXIT_RENDEZVOUS_FAILED = 3
HOLD_POLL_SECONDS = 0.01


class Contract:
    """Where the files of the contract live, from the environment the controller injects."""

    def __init__(self, directory=None, env=None):
        env = os.environ if env is None else env
        self.directory = directory or env.get("ORCH_CHECKPOINT_DIR")
        if not self.directory:
            raise ValueError("ORCH_CHECKPOINT_DIR is not set and no directory was given: the checkpoint folder is unknown")
        self.pod_rank = int(env.get("ORCH_RANK", "0"))
        self.pods = int(env.get("ORCH_WORLD_SIZE", "1"))
        # torchrun sets LOCAL_RANK for each process of a pod; a plain process is the pod's only one.
        self.local_rank = int(env.get("LOCAL_RANK", "0"))
        self.control = os.path.join(self.directory, ".orchestrator")
        self.request_path = os.path.join(self.control, "save-request")
        self.step_path = os.path.join(self.control, "step")
        self.restore_path = os.path.join(self.control, "restore.json")

    def folder(self, step):
        return os.path.join(self.directory, f"step-{step:012d}")


def write_atomically(path, data, durable=True):
    """Temp file + rename, so a reader never sees half a file."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)


def read_json(path):
    try:
        with open(path, "rb") as f:
            value = json.load(f)
    except (FileNotFoundError, json.JSONDecodeError, OSError):
        return None  # absent, or (never with the agent's renames, but be safe) half-written
    return value


def fsync_tree(folder):
    for parent, _, files in os.walk(folder):
        for name in files:
            with open(os.path.join(parent, name), "rb") as f:
                os.fsync(f.fileno())


class FileState:
    """State given as two functions: save(folder) writes files into the folder, load(folder) reads them back."""

    def __init__(self, save, load):
        self._save, self._load = save, load

    def save(self, folder, contract):
        self._save(folder)

    def load(self, folder, contract):
        self._load(folder)


class _Agreement:
    """How the ranks of a gang agree on the step to save."""

    def __init__(self):
        self.dist = None
        try:
            import torch.distributed as dist  # noqa: PLC0415 - optional: only when torch is there
            if dist.is_available() and dist.is_initialized():
                self.dist = dist
        except ImportError:
            pass

    @property
    def through_process_group(self):
        return self.dist is not None and self.dist.get_world_size() > 1

    def most(self, value):
        """The largest of every rank's value."""
        import torch  # noqa: PLC0415
        tensor = torch.tensor([value])
        self.dist.all_reduce(tensor, op=self.dist.ReduceOp.MAX)
        return int(tensor.item())

    def gather(self, value):
        values = [None] * self.dist.get_world_size()
        self.dist.all_gather_object(values, value)
        return values

    def barrier(self):
        if self.dist is not None and self.dist.get_world_size() > 1:
            self.dist.barrier()


class Checkpointer:
    """The whole trainer contract around one training loop; see the module docstring."""

    def __init__(self, state, save_every=0, directory=None, env=None, log=None, exit=sys.exit):
        self.state = state
        self.save_every = save_every
        self.contract = Contract(directory, env)
        self.terminating = False
        self.restored_step = None
        self.saved = []  # steps this process saved, in order
        self._agreement = None
        self._log = log or (lambda message: print(f"orchestrator-trainer: {message}", flush=True))
        self._exit = exit
        os.makedirs(self.contract.control, exist_ok=True)
        signal.signal(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self, signum, frame):
        # Finish the step first: a half-applied update is worse than a late save.
        self.terminating = True

    @property
    def agreement(self):
        # Decided on first use, after the user's init_process_group.
        if self._agreement is None:
            self._agreement = _Agreement()
        return self._agreement

    @property
    def leader(self):
        """The process of the pod that writes the pod's shared files (the step file, .finished)."""
        return self.contract.local_rank == 0

    # Resume ---------------------------------------------------------------------------------------

    def restore(self):
        """Loads the restored checkpoint (if any) into the state and returns its step, 0 for a fresh start."""
        info = read_json(self.contract.restore_path)
        step = int(info["step"]) if info else 0
        if self.agreement.through_process_group:
            # Each rank verifies only its own files and may fall back alone: never train on mixed states.
            steps = self.agreement.gather(step)
            if len(set(steps)) != 1:
                self._log(f"ranks restored different steps {steps}; refusing to continue")
                self._exit(1)
        if info:
            self.state.load(info["path"], self.contract)
            self._log(f"resumed from {info.get('id')} at step {step}")
        self.restored_step = step
        if not self.agreement.through_process_group and self.leader:
            self._write_step(step)
        return step

    # Between steps --------------------------------------------------------------------------------

    def step_done(self, step):
        """Call after every completed step: saves when asked (request, period, SIGTERM); exits 143 after SIGTERM."""
        if self.agreement.through_process_group:
            self._step_with_process_group(step)
        else:
            self._step_with_agents(step)

    def _step_with_process_group(self, step):
        request = self._request()
        periodic = bool(self.save_every) and step % self.save_every == 0
        # One tiny all-reduce per step: 2 = some rank got SIGTERM (save, then every rank stops), 1 = save.
        wanted = 2 if self.terminating else 1 if (request is not None or periodic) else 0
        decided = self.agreement.most(wanted)
        if decided >= 1:
            # A rank whose agent has not written the request yet still marks its folder with the id, so every
            # rank's agent sees its request answered.
            ids = self.agreement.gather(request.get("id") if request else None)
            self._save(step, next((i for i in ids if i), None))
        if decided == 2:
            self._terminate(step)

    def _step_with_agents(self, step):
        if self.leader:
            self._write_step(step)
        held = None
        while True:
            request = self._request()
            target = request.get("step") if request else None
            if request is None:
                if self.terminating:
                    self._save(step, None)
                    self._terminate(step)
                break
            if target is not None:
                if step < target:
                    break  # train on; SIGTERM too trains on to the agreed step
                if step > target:
                    self._log(f"save request {request['id']} asked for step {target}, already past it: saving step {step} instead")
                self._save(step, request["id"])
                if self.terminating:
                    self._terminate(step)
                break
            if request.get("hold") and not self.terminating:
                if held != request["id"]:
                    held = request["id"]
                    self._write_step(step, holding=held)
                    self._log(f"holding after step {step} for request {held}")
                time.sleep(HOLD_POLL_SECONDS)
                continue
            # A plain request, or SIGTERM while holding with no step agreed yet: save this step now.
            self._save(step, request["id"])
            if self.terminating:
                self._terminate(step)
            break
        if held is not None:
            self._write_step(step)
        if self.save_every and step % self.save_every == 0:
            self._save(step, None)  # a no-op when a request already saved this step

    def finish(self, step=None):
        """After the last step: the agents see the trainer done (it will not pause again)."""
        last = step if step is not None else (self.saved[-1] if self.saved else self.restored_step or 0)
        if self.leader and not self.agreement.through_process_group:
            self._write_step(last, finished=True)

    # Saving ---------------------------------------------------------------------------------------

    def _save(self, step, request_id):
        folder = self.contract.folder(step)
        marker = os.path.join(folder, ".finished")
        done = os.path.exists(marker)  # a finished folder is never modified again
        if not done and self.leader and os.path.isdir(folder):
            shutil.rmtree(folder)  # leftovers of a save that was killed half-way
        # In a process group every process passes both barriers, saved before or not, so none waits for ever.
        self.agreement.barrier()
        if not done:
            os.makedirs(folder, exist_ok=True)
            self.state.save(folder, self.contract)
            fsync_tree(folder)
        # Every process of the gang has written its files before any pod's folder is marked finished.
        self.agreement.barrier()
        if not done and self.leader:
            write_atomically(marker, json.dumps({"step": step, "requestId": request_id}).encode())
            self._log(f"saved step {step} request {request_id}")
        if not done:
            self.saved.append(step)
        if self.leader:
            self._consume(request_id)

    def _terminate(self, step):
        self._log(f"terminated after step {step}")
        self._exit(EXIT_TERMINATED)

    # Files ----------------------------------------------------------------------------------------

    def _request(self):
        request = read_json(self.contract.request_path)
        return request if isinstance(request, dict) and request.get("id") else None

    def _consume(self, request_id):
        """Deletes the save request once answered, unless the agent replaced it meanwhile."""
        if request_id is None:
            return
        latest = self._request()
        if latest is not None and latest.get("id") == request_id:
            try:
                os.remove(self.contract.request_path)
            except FileNotFoundError:
                pass

    def _write_step(self, step, holding=None, finished=False):
        content = {"step": step}
        if holding is not None:
            content["holding"] = holding
        if finished:
            content["finished"] = True
        write_atomically(self.contract.step_path, json.dumps(content).encode(), durable=False)


def report_progress(step, total_steps=None):
    """Reports training progress to the controller.

    The progress contract (status.progress) is owned elsewhere and not part of this library yet: this hook writes
    nothing today, so loops can call it now and start reporting when the contract lands.
    """
    return None


def init_process_group(backend=None, timeout_seconds=None, env=None):
    """torch.distributed.init_process_group from the injected rendezvous variables, with a deadline.

    A gang whose workers cannot meet (a wrong MASTER_ADDR or MASTER_PORT override) fails after
    TRAINER_RENDEZVOUS_TIMEOUT_SECONDS (default 300) with a message naming the address, and exit code 3,
    instead of waiting for PyTorch's 30 minute default.
    """
    import datetime  # noqa: PLC0415
    import torch  # noqa: PLC0415
    import torch.distributed as dist  # noqa: PLC0415

    env = os.environ if env is None else env
    seconds = timeout_seconds if timeout_seconds is not None else float(env.get("TRAINER_RENDEZVOUS_TIMEOUT_SECONDS", "300"))
    backend = backend or ("nccl" if torch.cuda.is_available() else "gloo")
    where = f"{env.get('MASTER_ADDR')}:{env.get('MASTER_PORT')}"
    try:
        dist.init_process_group(backend, timeout=datetime.timedelta(seconds=seconds))
    except (RuntimeError, ValueError, OSError) as error:  # c10d raises TimeoutError (an OSError) for a peer that never answers
        message = (f"rendezvous failed: rank {env.get('RANK')} of {env.get('WORLD_SIZE')} could not meet its peers at "
                   f"MASTER_ADDR:MASTER_PORT = {where} within {seconds:g}s: {error}")
        print(f"orchestrator-trainer: {message}", file=sys.stderr, flush=True)
        _termination_message(message)
        sys.exit(EXIT_RENDEZVOUS_FAILED)
    return dist


def _termination_message(message):
    """Kubernetes shows /dev/termination-log in the container's terminated state; best effort.

    Only into a file that exists (the kubelet mounts it): outside a container, or in a sandbox without it, never
    create one in the host's /dev.
    """
    path = os.environ.get("TRAINER_TERMINATION_LOG", "/dev/termination-log")
    if not os.path.isfile(path):
        return
    try:
        with open(path, "r+", encoding="utf-8") as f:
            f.truncate()
            f.write(message[:4096])
    except OSError:
        pass


class TorchState:
    """Model, optimizer, LR scheduler, every RNG state and a sampler / data-loader position, with torch.save.

    Every pod saves the model, optimizer and scheduler (identical on every DDP rank) from its first process, because a
    pod restores only its own files; every process saves its own RNG states and sampler position.
    """

    def __init__(self, model, optimizer=None, scheduler=None, sampler=None, extra=None):
        self.model = model
        self.optimizer = optimizer
        self.scheduler = scheduler
        self.sampler = sampler
        self.extra = extra if extra is not None else {}

    def _module(self):
        return getattr(self.model, "module", self.model)  # DDP wraps the model

    def save(self, folder, contract):
        import torch  # noqa: PLC0415
        if contract.local_rank == 0:
            torch.save(self._module().state_dict(), os.path.join(folder, "model.pt"))
            if self.optimizer is not None:
                torch.save(self.optimizer.state_dict(), os.path.join(folder, "optimizer.pt"))
            if self.scheduler is not None:
                torch.save(self.scheduler.state_dict(), os.path.join(folder, "scheduler.pt"))
        torch.save({"rng": rng_states(), "sampler": _state_of(self.sampler), "extra": self.extra},
                   os.path.join(folder, f"process-{contract.local_rank}.pt"))

    def load(self, folder, contract):
        import torch  # noqa: PLC0415
        self._module().load_state_dict(torch.load(os.path.join(folder, "model.pt"), map_location="cpu"))
        if self.optimizer is not None:
            self.optimizer.load_state_dict(torch.load(os.path.join(folder, "optimizer.pt"), map_location="cpu"))
        if self.scheduler is not None:
            self.scheduler.load_state_dict(torch.load(os.path.join(folder, "scheduler.pt"), map_location="cpu"))
        process = torch.load(os.path.join(folder, f"process-{contract.local_rank}.pt"), map_location="cpu")
        set_rng_states(process["rng"])
        if self.sampler is not None and process.get("sampler") is not None:
            self.sampler.load_state_dict(process["sampler"])
        self.extra.clear()
        self.extra.update(process.get("extra") or {})


def _state_of(thing):
    return thing.state_dict() if thing is not None else None


def rng_states():
    """Python's random, numpy's (when installed), torch's and CUDA's (when present)."""
    import random  # noqa: PLC0415
    states = {"python": random.getstate()}
    try:
        import numpy  # noqa: PLC0415
        states["numpy"] = numpy.random.get_state()
    except ImportError:
        pass
    try:
        import torch  # noqa: PLC0415
        states["torch"] = torch.get_rng_state()
        if torch.cuda.is_available():
            states["cuda"] = torch.cuda.get_rng_state_all()
    except ImportError:
        pass
    return states


def set_rng_states(states):
    import random  # noqa: PLC0415
    random.setstate(states["python"])
    if "numpy" in states:
        import numpy  # noqa: PLC0415
        numpy.random.set_state(states["numpy"])
    if "torch" in states:
        import torch  # noqa: PLC0415
        torch.set_rng_state(states["torch"])
        if "cuda" in states and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(states["cuda"])
