#!/usr/bin/env python3
"""PyTorch training loop that follows the Orchestrator checkpoint contract (docs/checkpointing.md).

Not run in this repository's tests (no GPUs, no torch); copy the three hooks into your own code:

    restore()          at start: load D/.orchestrator/restore.json's checkpoint, if any
    requests.pending() between steps: a save request from the controller (preemption notice, suspend)
    save_checkpoint()  write D/step-<12 digits>/..., then D/step-.../.finished last

and exit 143 after saving on SIGTERM. Works with torchrun (DDP): every rank writes its own folder
(ORCH_CHECKPOINT_DIR is per pod, the agent uploads it as rank-<ORCH_RANK>); rank 0 also writes the
model and optimizer. Ranks agree on the step to resume from before training, and on the step to save:
a save request reaches each rank's agent at a different moment, so the ranks all-reduce a "save now" flag
after every step and all save that step. This trainer ignores the request's "hold"/"step" fields and
writes no D/.orchestrator/step file: those are for trainers whose ranks cannot talk to each other (the
standard-library sample); the agent stops its own agreement as soon as it sees a folder saved for the
request (docs/checkpointing.md, "Agreeing on the save step in a gang").
"""

import json
import os
import signal
import sys

import torch
import torch.distributed as dist

D = os.environ["ORCH_CHECKPOINT_DIR"]
RANK = int(os.environ.get("ORCH_RANK", "0"))
WORLD = int(os.environ.get("ORCH_WORLD_SIZE", "1"))
CONTROL = os.path.join(D, ".orchestrator")
EXIT_TERMINATED = 143


class SaveRequests:
    """The agent writes .orchestrator/save-request atomically; one stat per step is all it costs."""

    def __init__(self):
        self.path = os.path.join(CONTROL, "save-request")

    def pending(self):
        try:
            with open(self.path) as f:
                return json.load(f)
        except (FileNotFoundError, json.JSONDecodeError):
            return None

    def answered(self, request_id):
        current = self.pending()
        if current and current.get("id") == request_id:
            os.remove(self.path)


def _atomic_write(path, data: bytes):
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def save_checkpoint(step, model, optimizer, sampler_state, request_id=None):
    folder = os.path.join(D, f"step-{step:012d}")
    if os.path.exists(os.path.join(folder, ".finished")):
        return
    os.makedirs(folder, exist_ok=True)
    # Each rank saves what only it has (its data-loader position, RNG state, a sharded optimizer...).
    torch.save({"sampler": sampler_state, "rng": torch.get_rng_state(),
                "cuda_rng": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None},
               os.path.join(folder, f"rank-state.pt"))
    if RANK == 0:
        torch.save(model.state_dict(), os.path.join(folder, "model.pt"))
        torch.save(optimizer.state_dict(), os.path.join(folder, "optimizer.pt"))
    for name in os.listdir(folder):
        with open(os.path.join(folder, name), "rb") as f:
            os.fsync(f.fileno())
    # Last: the agent uploads only folders with this marker, and never a folder without it.
    _atomic_write(os.path.join(folder, ".finished"), json.dumps({"step": step, "requestId": request_id}).encode())


def restore(model, optimizer):
    """Returns (start_step, sampler_state). Every rank must restore the same checkpoint."""
    info_path = os.path.join(CONTROL, "restore.json")
    info = None
    if os.path.exists(info_path):
        with open(info_path) as f:
            info = json.load(f)
    step = info["step"] if info else 0
    if WORLD > 1:
        # A rank whose newest files failed verification restores an older checkpoint: refuse to train
        # on mixed states. Exiting non-zero ends the attempt; the controller retries it.
        steps = [None] * WORLD
        dist.all_gather_object(steps, step)
        if len(set(steps)) != 1:
            print(f"ranks restored different steps {steps}; refusing to continue", file=sys.stderr)
            sys.exit(1)
    if not info:
        return 0, None
    # Model and optimizer come from rank 0's folder; with DDP broadcast them after loading on rank 0
    # (or save them on every rank). Here rank 0 loads, DDP's constructor broadcasts parameters.
    if RANK == 0:
        model.load_state_dict(torch.load(os.path.join(info["path"], "model.pt"), map_location="cpu"))
        optimizer.load_state_dict(torch.load(os.path.join(info["path"], "optimizer.pt"), map_location="cpu"))
    state = torch.load(os.path.join(info["path"], "rank-state.pt"), map_location="cpu", weights_only=False)
    torch.set_rng_state(state["rng"])
    return step, state["sampler"]


def main():
    if WORLD > 1:
        dist.init_process_group("nccl" if torch.cuda.is_available() else "gloo")
    device = torch.device("cuda", int(os.environ.get("LOCAL_RANK", 0))) if torch.cuda.is_available() else torch.device("cpu")
    model = torch.nn.Sequential(torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10))
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    start, _sampler = restore(model, optimizer)
    model.to(device)
    if WORLD > 1:
        model = torch.nn.parallel.DistributedDataParallel(model)

    terminating = False

    def on_sigterm(signum, frame):
        nonlocal terminating
        terminating = True  # finish the step first: a half-applied update is worse than a late save

    signal.signal(signal.SIGTERM, on_sigterm)
    requests = SaveRequests()
    total_steps = int(os.environ.get("TOTAL_STEPS", "10000"))
    save_every = int(os.environ.get("SAVE_EVERY", "500"))

    for step in range(start + 1, total_steps + 1):
        gen = torch.Generator().manual_seed(step * WORLD + RANK)  # data position = step: resumable
        x = torch.randn(64, 512, generator=gen).to(device)
        y = torch.randint(0, 10, (64,), generator=gen).to(device)
        loss = torch.nn.functional.cross_entropy(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()

        request = requests.pending()
        request_id = request.get("id") if request else None
        if WORLD > 1:
            # All ranks must save the same steps: agree on "save now" with one tiny all-reduce.
            flag = torch.tensor([1 if (terminating or request) else 0], device=device)
            dist.all_reduce(flag, op=dist.ReduceOp.MAX)
            must_save = bool(flag.item())
            if must_save:
                # A rank whose agent has not written the request yet still marks its folder with the id, so
                # every rank's agent sees its request answered.
                ids = [None] * WORLD
                dist.all_gather_object(ids, request_id)
                request_id = next((i for i in ids if i), None)
        else:
            must_save = terminating or request is not None
        if must_save or step % save_every == 0:
            inner = model.module if WORLD > 1 else model
            save_checkpoint(step, inner, optimizer, {"step": step}, request_id)
            if request_id:
                requests.answered(request_id)
        if terminating:
            sys.exit(EXIT_TERMINATED)

    if WORLD > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
