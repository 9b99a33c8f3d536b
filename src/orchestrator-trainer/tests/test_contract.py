"""The standard-library core against the contract in docs/checkpointing.md, with the agent played by the test."""

import json
import os
import signal
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import orchestrator_trainer as ot  # noqa: E402


class Exited(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def raise_exit(code):
    raise Exited(code)


class Counter:
    """A trivial state: one number, saved as a file."""

    def __init__(self):
        self.value = 0
        self.loaded_from = None

    def save(self, folder, contract):
        with open(os.path.join(folder, "value.json"), "w") as f:
            json.dump({"value": self.value}, f)

    def load(self, folder, contract):
        with open(os.path.join(folder, "value.json")) as f:
            self.value = json.load(f)["value"]
        self.loaded_from = folder


class ContractTests(unittest.TestCase):
    def setUp(self):
        self._dir = tempfile.TemporaryDirectory()
        self.dir = self._dir.name
        self.env = {"ORCH_CHECKPOINT_DIR": self.dir, "ORCH_RANK": "0", "ORCH_WORLD_SIZE": "1"}
        self.state = Counter()
        self.logs = []
        self.ckpt = ot.Checkpointer(self.state, env=self.env, log=self.logs.append, exit=raise_exit)

    def tearDown(self):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        self._dir.cleanup()

    def control(self, name):
        return os.path.join(self.dir, ".orchestrator", name)

    def read(self, path):
        with open(path) as f:
            return json.load(f)

    def request(self, **fields):
        ot.write_atomically(self.control("save-request"), json.dumps(fields).encode())

    def finished(self, step):
        return self.read(os.path.join(self.dir, f"step-{step:012d}", ".finished"))

    def test_a_fresh_start_restores_step_0_and_says_so_in_the_step_file(self):
        self.assertEqual(0, self.ckpt.restore())
        self.assertEqual({"step": 0}, self.read(self.control("step")))

    def test_restore_loads_the_checkpoint_restore_json_names(self):
        folder = os.path.join(self.dir, "step-000000000040")
        os.makedirs(folder)
        with open(os.path.join(folder, "value.json"), "w") as f:
            json.dump({"value": 40}, f)
        ot.write_atomically(self.control("restore.json"), json.dumps({"id": "000000000040-a1", "step": 40, "path": folder}).encode())

        self.assertEqual(40, self.ckpt.restore())
        self.assertEqual((40, folder), (self.state.value, self.state.loaded_from))
        self.assertEqual({"step": 40}, self.read(self.control("step")))

    def test_a_plain_request_saves_this_step_with_finished_written_last_and_is_consumed(self):
        self.ckpt.restore()
        self.state.value = 7
        self.request(id="a1-notice", reason="notice")
        self.ckpt.step_done(7)

        self.assertEqual({"step": 7, "requestId": "a1-notice"}, self.finished(7))
        self.assertEqual({"value": 7}, self.read(os.path.join(self.dir, "step-000000000007", "value.json")))
        self.assertFalse(os.path.exists(self.control("save-request")))
        self.assertEqual({"step": 7}, self.read(self.control("step")))

    def test_a_request_replaced_by_a_newer_one_is_not_deleted(self):
        self.ckpt.restore()
        self.request(id="old")
        self.ckpt.step_done(1)
        self.request(id="new")
        self.ckpt._consume("old")
        self.assertEqual("new", self.read(self.control("save-request"))["id"])

    def test_hold_pauses_between_steps_until_the_agents_agree_then_saves_exactly_that_step(self):
        self.ckpt.restore()
        self.request(id="r1", reason="notice", hold=True)

        def agent():
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                if (ot.read_json(self.control("step")) or {}).get("holding") == "r1":
                    self.request(id="r1", reason="notice", step=5)
                    return
                time.sleep(0.005)

        peer = threading.Thread(target=agent)
        peer.start()
        self.ckpt.step_done(3)
        peer.join()
        self.assertFalse(os.path.exists(os.path.join(self.dir, "step-000000000003")))
        self.ckpt.step_done(4)
        self.assertFalse(os.path.exists(os.path.join(self.dir, "step-000000000004")))
        self.ckpt.step_done(5)

        self.assertEqual({"step": 5, "requestId": "r1"}, self.finished(5))
        self.assertIn("holding after step 3 for request r1", self.logs)

    def test_sigterm_finishes_the_step_saves_it_and_exits_143(self):
        self.ckpt.restore()
        os.kill(os.getpid(), signal.SIGTERM)
        with self.assertRaises(Exited) as exited:
            self.ckpt.step_done(9)

        self.assertEqual(143, exited.exception.code)
        self.assertEqual({"step": 9, "requestId": None}, self.finished(9))

    def test_sigterm_with_an_agreed_step_ahead_trains_on_to_it(self):
        self.ckpt.restore()
        self.request(id="r2", step=6)
        self.ckpt.terminating = True
        self.ckpt.step_done(5)
        with self.assertRaises(Exited):
            self.ckpt.step_done(6)
        self.assertEqual({"step": 6, "requestId": "r2"}, self.finished(6))
        self.assertFalse(os.path.exists(os.path.join(self.dir, "step-000000000005")))

    def test_periodic_saves_every_n_steps(self):
        ckpt = ot.Checkpointer(self.state, save_every=2, env=self.env, log=self.logs.append, exit=raise_exit)
        ckpt.restore()
        for step in range(1, 6):
            ckpt.step_done(step)
        self.assertEqual([2, 4], ckpt.saved)

    def test_a_half_written_folder_is_replaced_not_trusted(self):
        self.ckpt.restore()
        folder = os.path.join(self.dir, "step-000000000002")
        os.makedirs(folder)
        with open(os.path.join(folder, "junk"), "w") as f:
            f.write("killed mid-save")
        self.request(id="x")
        self.ckpt.step_done(2)
        self.assertEqual([".finished", "value.json"], sorted(os.listdir(folder)))

    def test_a_finished_folder_is_never_written_again(self):
        self.ckpt.restore()
        self.request(id="x")
        self.ckpt.step_done(3)
        self.request(id="y")
        self.ckpt.step_done(3)
        self.assertEqual({"step": 3, "requestId": "x"}, self.finished(3))
        self.assertFalse(os.path.exists(self.control("save-request")))

    def test_finish_marks_the_last_step_done(self):
        self.ckpt.restore()
        self.ckpt.step_done(1)
        self.ckpt.finish(1)
        self.assertEqual({"step": 1, "finished": True}, self.read(self.control("step")))

    def test_report_progress_is_a_hook_that_writes_nothing_yet(self):
        self.ckpt.restore()
        before = sorted(os.listdir(self.control("")))
        self.assertIsNone(ot.report_progress(10, total_steps=100))
        self.assertEqual(before, sorted(os.listdir(self.control(""))))

    def test_a_missing_checkpoint_folder_is_a_clear_error(self):
        with self.assertRaisesRegex(ValueError, "ORCH_CHECKPOINT_DIR"):
            ot.Contract(env={})


if __name__ == "__main__":
    unittest.main()
