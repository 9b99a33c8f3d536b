#!/usr/bin/env python3
"""A real PyTorch DDP trainer (gloo on CPU, or NCCL on GPUs) that follows the Orchestrator contract through the
orchestrator-trainer library (src/orchestrator-trainer, docs/trainer.md).

Run it as each worker's command, one process per pod (`python3 ddp_train.py`), or several per pod with
`torchrun ddp_train.py` (no flags: the controller injects PET_NNODES, PET_NODE_RANK, PET_NPROC_PER_NODE,
PET_MASTER_ADDR and PET_MASTER_PORT). The model is tiny and each step's batch is a function of (seed, step, rank),
so a run interrupted and resumed from its checkpoints ends with bit-identical weights and optimizer state to one
that never stopped (--result writes their SHA-256).
"""

import argparse
import hashlib
import os
import sys
import time

try:
    import orchestrator_trainer as ot
except ImportError:  # run from a clone: the library sits in src/, as one file
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "src", "orchestrator-trainer"))
    import orchestrator_trainer as ot

import torch
import torch.distributed as dist


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--steps", type=int, default=40, help="train until this step (inclusive)")
    p.add_argument("--step-seconds", type=float, default=0.0, help="sleep per step to simulate a bigger model")
    p.add_argument("--save-every", type=int, default=0, help="also checkpoint every N steps (the controller asks on its own interval)")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--result", help="on success, the first process of each pod writes the final state's digest here")
    p.add_argument("--crash-at-step", type=int, default=0, help="testing: exit 1 after this step (0: never)")
    p.add_argument("--crash-rank", type=int, default=1, help="testing: the global rank that crashes")
    p.add_argument("--crash-attempt", default="1", help="testing: only in this attempt (ORCH_ATTEMPT)")
    return p.parse_args()


def digest(model, optimizer, scheduler):
    """SHA-256 of every parameter and optimizer tensor (and the scheduler's position), in a fixed order."""
    h = hashlib.sha256()
    for name, tensor in sorted(model.state_dict().items()):
        h.update(name.encode())
        h.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    for index, state in sorted(optimizer.state_dict()["state"].items()):
        for key, value in sorted(state.items()):
            h.update(f"{index}.{key}".encode())
            h.update(value.cpu().contiguous().numpy().tobytes() if torch.is_tensor(value) else repr(value).encode())
    h.update(str(scheduler.last_epoch).encode())
    return h.hexdigest()


def main():
    args = parse_args()
    world = int(os.environ.get("WORLD_SIZE", "1"))
    if world > 1:
        ot.init_process_group()  # MASTER_ADDR/PORT, RANK, WORLD_SIZE from the controller (or torchrun); with a deadline
    rank = dist.get_rank() if world > 1 else 0

    torch.manual_seed(args.seed)  # the same initial weights on every rank
    model = torch.nn.Sequential(torch.nn.Linear(16, 32), torch.nn.Tanh(), torch.nn.Linear(32, 4))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=10, gamma=0.5)

    ckpt = ot.Checkpointer(ot.TorchState(model, optimizer, scheduler), save_every=args.save_every)
    start = ckpt.restore()
    net = torch.nn.parallel.DistributedDataParallel(model) if world > 1 else model
    if world > 1:
        # DDP lays its gradient buckets out anew after its first backward pass (in the order gradients became ready),
        # and with more than two ranks the layout decides the order of the all-reduce's float additions. A resumed
        # process's first step would use the other layout than the uninterrupted run's step at that point, so the
        # weights would differ in the last bits. One backward pass whose gradients are thrown away (no optimizer
        # step, no randomness) settles the layout in every process, fresh or resumed.
        net(torch.zeros(1, 16)).sum().backward()
        optimizer.zero_grad(set_to_none=True)

    for step in range(start + 1, args.steps + 1):
        batch = torch.Generator().manual_seed(args.seed * 1_000_003 + step * world + rank)
        x = torch.randn(8, 16, generator=batch)
        y = torch.randn(8, 4, generator=batch)
        loss = torch.nn.functional.mse_loss(net(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        scheduler.step()
        if args.step_seconds > 0:
            time.sleep(args.step_seconds)
        print(f"step {step}", flush=True)
        if step == args.crash_at_step and rank == args.crash_rank and os.environ.get("ORCH_ATTEMPT", "1") == args.crash_attempt:
            print(f"rank {rank}: simulated application error after step {step}", file=sys.stderr, flush=True)
            sys.exit(1)
        ckpt.step_done(step)
        ot.report_progress(step, total_steps=args.steps)

    ckpt.finish(args.steps)
    result = digest(model, optimizer, scheduler)
    if args.result and ckpt.leader:
        ot.write_atomically(args.result, (result + "\n").encode())
    print(f"done digest {result}", flush=True)
    if world > 1:
        dist.destroy_process_group()


if __name__ == "__main__":
    main()
