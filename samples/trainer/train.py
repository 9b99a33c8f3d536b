#!/usr/bin/env python3
"""A tiny, deterministic trainer that follows the Orchestrator checkpoint contract.

Standard library only. It trains a sparse embedding table and a dense linear head on synthetic data
(each step's batch comes from a generator seeded with (seed, step)), so a run that is interrupted and
resumed from its checkpoints ends with exactly the same weights as one that never stopped.

Contract (docs/checkpointing.md), with D = $ORCH_CHECKPOINT_DIR:
  * resume from D/.orchestrator/restore.json when it exists;
  * a checkpoint is the folder D/step-<12 digits>/, marked finished by .finished written last;
  * after every step, D/.orchestrator/step holds the last completed step (atomic write + rename):
    {"step": n}, plus "holding": "<request id>" while paused for a hold, or "finished": true at the end;
  * after every step, D/.orchestrator/progress.json holds {"step": n, "totalSteps": N} for the ETA;
  * between steps, D/.orchestrator/save-request asks for a checkpoint with that request id:
      {"id": ...}                  save at the end of the current step;
      {"id": ..., "hold": true}    finish the current step, then pause (start no new one) until the
                                   request changes;
      {"id": ..., "step": N}       train until step N is completed, save exactly step N, go on (past N
                                   already, which should not happen: save the current step, say so);
    the agents of a gang use hold + step to make every rank save the same step (each rank here is an
    independent process training an identical replica; a real trainer agrees through its process group);
  * SIGTERM: finish the step; with a pending request that names a step, train on to that step; save,
    exit 143. In a gang (ORCH_WORLD_SIZE > 1) with no step agreed yet, first write
    {"step": n, "terminating": true} and wait (at most --terminate-wait-seconds) for the agents to agree
    on a step with the other ranks: a hold is held, a step is trained to and saved, a plain request is
    saved at once; with nothing in time, save the current step alone (which cannot commit).
"""

import argparse
import hashlib
import json
import math
import os
import random
import shutil
import signal
import sys
import time
from array import array

ROWS = 4096        # embedding rows
DIM = 64           # embedding width
BATCH = 32
LR_EMB = 0.05
LR_DENSE = 0.01
MOMENTUM = 0.9
BETA1, BETA2, EPS = 0.9, 0.999, 1e-8

EXIT_TERMINATED = 143  # 128 + SIGTERM: the work is not done


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=200, help="train until this step (inclusive)")
    p.add_argument("--step-seconds", type=float, default=0.0, help="sleep per step to simulate work")
    p.add_argument("--save-every", type=int, default=0, help="periodic checkpoint every N steps (0: only on request or SIGTERM)")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--result", help="write the final weight digest here on success")
    p.add_argument("--dir", default=os.environ.get("ORCH_CHECKPOINT_DIR"), help="checkpoint folder (default $ORCH_CHECKPOINT_DIR)")
    p.add_argument("--world-size", type=int, default=int(os.environ.get("ORCH_WORLD_SIZE", "1")), help="ranks in the gang (default $ORCH_WORLD_SIZE or 1)")
    p.add_argument("--terminate-wait-seconds", type=float, default=40.0,
                   help="gang only: after SIGTERM, how long to wait for the agents to agree on a step (longer than the agent's agree timeout, 30 s)")
    args = p.parse_args()
    if not args.dir:
        p.error("--dir or ORCH_CHECKPOINT_DIR is required")
    return args


class Model:
    def __init__(self, seed):
        init = random.Random(seed)
        self.emb = array("d", (init.random() - 0.5 for _ in range(ROWS * DIM)))
        self.emb_mom = array("d", bytes(8 * ROWS * DIM))
        self.dense = array("d", (init.random() - 0.5 for _ in range(DIM + 1)))  # weights + bias
        self.adam_m = array("d", bytes(8 * (DIM + 1)))
        self.adam_v = array("d", bytes(8 * (DIM + 1)))
        self.t = 0

    def step(self, seed, step):
        rng = random.Random(seed * 1_000_003 + step)
        grad = [0.0] * (DIM + 1)
        emb, mom, w = self.emb, self.emb_mom, self.dense
        for _ in range(BATCH):
            r = rng.randrange(ROWS)
            target = math.sin(r * 0.01) + 0.1 * rng.random()
            base = r * DIM
            pred = w[DIM]
            for j in range(DIM):
                pred += w[j] * emb[base + j]
            err = (pred - target) / BATCH
            for j in range(DIM):
                grad[j] += err * emb[base + j]
                mom[base + j] = MOMENTUM * mom[base + j] + err * w[j]
                emb[base + j] -= LR_EMB * mom[base + j]
            grad[DIM] += err
        self.t += 1
        for j in range(DIM + 1):
            self.adam_m[j] = BETA1 * self.adam_m[j] + (1 - BETA1) * grad[j]
            self.adam_v[j] = BETA2 * self.adam_v[j] + (1 - BETA2) * grad[j] * grad[j]
            m_hat = self.adam_m[j] / (1 - BETA1 ** self.t)
            v_hat = self.adam_v[j] / (1 - BETA2 ** self.t)
            w[j] -= LR_DENSE * m_hat / (math.sqrt(v_hat) + EPS)

    def digest(self):
        h = hashlib.sha256()
        for a in (self.emb, self.emb_mom, self.dense, self.adam_m, self.adam_v):
            h.update(a.tobytes())
        h.update(str(self.t).encode())
        return h.hexdigest()

    # Checkpoint files: several files in two subfolders, a few MB in all.
    FILES = {
        "model/embeddings.bin": "emb",
        "model/dense.bin": "dense",
        "optimizer/embedding_momentum.bin": "emb_mom",
        "optimizer/adam_m.bin": "adam_m",
        "optimizer/adam_v.bin": "adam_v",
    }

    def save(self, folder, step, seed):
        for rel, attr in self.FILES.items():
            write_file(os.path.join(folder, rel), getattr(self, attr).tobytes())
        write_file(os.path.join(folder, "meta.json"), json.dumps({"step": step, "seed": seed, "t": self.t, "rows": ROWS, "dim": DIM}).encode())

    def load(self, folder, seed):
        with open(os.path.join(folder, "meta.json"), "rb") as f:
            meta = json.load(f)
        if meta["seed"] != seed or meta["rows"] != ROWS or meta["dim"] != DIM:
            raise SystemExit(f"checkpoint {folder} was made with other settings: {meta}")
        for rel, attr in self.FILES.items():
            a = array("d")
            with open(os.path.join(folder, rel), "rb") as f:
                a.frombytes(f.read())
            if len(a) != len(getattr(self, attr)):
                raise SystemExit(f"checkpoint file {rel} has {len(a)} values, expected {len(getattr(self, attr))}")
            setattr(self, attr, a)
        self.t = meta["t"]
        return meta["step"]


def write_file(path, data, durable=True):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())


def write_atomically(path, data, durable=True):
    tmp = f"{path}.tmp-{os.getpid()}"
    write_file(tmp, data, durable)
    os.replace(tmp, path)


def save_checkpoint(model, root, step, seed, request_id):
    folder = os.path.join(root, f"step-{step:012d}")
    marker = os.path.join(folder, ".finished")
    if os.path.exists(marker):
        return  # a finished folder is never modified again
    shutil.rmtree(folder, ignore_errors=True)  # leftovers of a save that was killed
    model.save(folder, step, seed)
    write_atomically(marker, json.dumps({"step": step, "requestId": request_id}).encode())
    print(f"saved step {step} request {request_id}", flush=True)


def read_save_request(path):
    try:
        with open(path, "rb") as f:
            request = json.load(f)
    except FileNotFoundError:
        return None
    except (json.JSONDecodeError, OSError):
        return None  # never half-written (the agent renames), but be safe
    return request if isinstance(request, dict) and request.get("id") else None


def consume_request(path, request_id):
    """Deletes the save request once answered, unless the agent replaced it meanwhile."""
    latest = read_save_request(path)
    if latest is not None and latest.get("id") == request_id:
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


class StepFile:
    """D/.orchestrator/step: what the agents read to agree on a save step across ranks."""

    def __init__(self, path):
        self.path = path

    def write(self, step, holding=None, finished=False, terminating=False):
        content = {"step": step}
        if holding is not None:
            content["holding"] = holding
        if finished:
            content["finished"] = True
        if terminating:
            content["terminating"] = True
        write_atomically(self.path, json.dumps(content).encode(), durable=False)


HOLD_POLL_SECONDS = 0.01


def main():
    args = parse_args()
    root = args.dir
    control = os.path.join(root, ".orchestrator")
    request_path = os.path.join(control, "save-request")
    os.makedirs(control, exist_ok=True)
    step_file = StepFile(os.path.join(control, "step"))
    progress_path = os.path.join(control, "progress.json")

    terminating = False

    def on_sigterm(signum, frame):
        nonlocal terminating
        terminating = True

    signal.signal(signal.SIGTERM, on_sigterm)

    model = Model(args.seed)
    start = 1
    restore_path = os.path.join(control, "restore.json")
    if os.path.exists(restore_path):
        with open(restore_path, "rb") as f:
            info = json.load(f)
        start = model.load(info["path"], args.seed) + 1
        print(f"resumed from {info['id']} at step {start - 1}", flush=True)
    step_file.write(start - 1)

    def save(step, request_id):
        save_checkpoint(model, root, step, args.seed, request_id)
        if request_id is not None:
            consume_request(request_path, request_id)

    def terminate(step):
        print(f"terminated after step {step}", flush=True)
        sys.exit(EXIT_TERMINATED)

    gang = args.world_size > 1
    terminate_since = None

    def agreeing_on_termination(step):
        """Gang only: True while the agents may still agree on a step for this SIGTERM (a lone save cannot commit)."""
        nonlocal terminate_since
        if not gang:
            return False
        if terminate_since is None:
            terminate_since = time.monotonic()
            step_file.write(step, terminating=True)
            print(f"terminating after step {step}: waiting for the gang to agree on a step", flush=True)
        if time.monotonic() - terminate_since < args.terminate_wait_seconds:
            return True
        print(f"no step agreed within {args.terminate_wait_seconds:g}s of SIGTERM: saving step {step} alone", flush=True)
        return False

    for step in range(start, args.steps + 1):
        model.step(args.seed, step)
        if args.step_seconds > 0:
            time.sleep(args.step_seconds)
        print(f"step {step}", flush=True)
        step_file.write(step)
        # The agent passes this up as status.progress; the controller turns it into an ETA (docs/checkpointing.md).
        write_atomically(progress_path, json.dumps({"step": step, "totalSteps": args.steps}).encode(), durable=False)

        # Between steps: answer the save request, pausing here while the agents agree on a step.
        held = None
        while True:
            request = read_save_request(request_path)
            target = request.get("step") if request else None
            if request is None:
                if terminating:
                    if agreeing_on_termination(step):
                        time.sleep(HOLD_POLL_SECONDS)
                        continue
                    save(step, None)
                    terminate(step)
                break
            if target is not None:
                if step < target:
                    break  # train on; SIGTERM too trains on to the agreed step
                if step > target:
                    print(f"save request {request['id']} asked for step {target}, already past it: saving step {step} instead", flush=True)
                save(step, request["id"])
                if terminating:
                    terminate(step)
                break
            if request.get("hold") and terminating and terminate_since is None and str(request.get("id", "")).endswith("-sigterm"):
                # SIGTERM while already holding for the gang's termination agreement (another rank got SIGTERM first): the
                # agreed step is coming, and a lone save of this step would not commit; wait for it, bounded as that rank does.
                terminate_since = time.monotonic()
            # A hold after a bare SIGTERM is the gang's termination agreement: wait for its step (bounded). A SIGTERM
            # that comes while holding for the controller's request saves at once, as before: that agreement may
            # not finish within a short grace period, and a lone save of a paused step often matches the others.
            if request.get("hold") and (not terminating or (terminate_since is not None and agreeing_on_termination(step))):
                if held != request["id"]:
                    held = request["id"]
                    step_file.write(step, holding=held, terminating=terminating)
                    print(f"holding after step {step} for request {held}", flush=True)
                time.sleep(HOLD_POLL_SECONDS)
                continue
            # A plain request, or SIGTERM while holding with no step agreed in time: save this step now.
            save(step, request["id"])
            if terminating:
                terminate(step)
            break
        if held is not None:
            step_file.write(step)
        if args.save_every and step % args.save_every == 0:
            save(step, None)  # a no-op when a request already saved this step

    step_file.write(args.steps, finished=True)
    digest = model.digest()
    if args.result:
        write_atomically(args.result, (digest + "\n").encode())
    print(f"done digest {digest}", flush=True)


if __name__ == "__main__":
    main()
