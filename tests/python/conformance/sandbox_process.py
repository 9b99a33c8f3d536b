"""Starts one `trainctl sandbox` for the whole conformance suite and points the official client at it.

The suite tests the sandbox the way a user meets it: the built trainctl (tests/run.sh builds the
solution first) serves the whole sandbox cluster on a free loopback port and writes a kubeconfig, and
`kubernetes.config.load_kube_config` reads that file, as it would read a real cluster's.
"""

import atexit
import os
import signal
import subprocess
import tempfile
import time
import uuid

from kubernetes import client, config

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
DEFAULT_DLL = os.path.join(REPO, "src", "Orchestrator.Cli", "bin", "Release", "net10.0", "trainctl.dll")
START_DEADLINE_SECONDS = 120
# Changes the sandbox keeps for watches and continue tokens: small, so that a test can outrun it with a few
# hundred writes and see the 410s a real apiserver answers after etcd compaction, yet far above what the
# other tests write between a list and the watch or page that follows it.
WATCH_HISTORY = 300

_shared = None


class Sandbox:
    def __init__(self):
        dll = os.environ.get("TRAINCTL_DLL", DEFAULT_DLL)
        if not os.path.isfile(dll):
            raise RuntimeError(
                f"{dll} does not exist: build trainctl first (dotnet build src/Orchestrator.Cli -c Release), "
                "or set TRAINCTL_DLL to a built trainctl.dll")
        self.folder = tempfile.mkdtemp(prefix="conformance-")
        self.kubeconfig = os.path.join(self.folder, "kubeconfig")
        self.log_path = os.path.join(self.folder, "sandbox.log")
        self._log = open(self.log_path, "wb")
        # Time scale 10: BOOKMARKs (every 10 sandbox seconds) arrive each second, and timeoutSeconds on
        # watches is sandbox time too, as every wait of the sandbox is.
        self.time_scale = 10
        self.process = subprocess.Popen(
            ["dotnet", dll, "sandbox", "--kubeconfig", self.kubeconfig, "--port", "0",
             "--time-scale", str(self.time_scale), "--watch-history", str(WATCH_HISTORY)],
            cwd=REPO, stdout=self._log, stderr=subprocess.STDOUT)
        try:
            self._wait_until_serving()
        except BaseException:
            self.stop()
            raise

    def _wait_until_serving(self):
        deadline = time.monotonic() + START_DEADLINE_SECONDS
        last_error = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"trainctl sandbox exited with {self.process.returncode}: {self.log()}")
            if os.path.isfile(self.kubeconfig):
                try:
                    config.load_kube_config(self.kubeconfig)
                    client.CoreV1Api().list_namespace(limit=1)
                    # Kueue's setup objects are created by the cluster after the server serves.
                    client.CustomObjectsApi().get_cluster_custom_object(
                        "kueue.x-k8s.io", "v1beta2", "clusterqueues", "gpu-on-demand")
                    return
                except Exception as e:  # not serving yet: the kubeconfig is written just before
                    last_error = e
            time.sleep(0.2)
        raise RuntimeError(f"trainctl sandbox did not serve within {START_DEADLINE_SECONDS} s "
                           f"(last error: {last_error}): {self.log()}")

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-4000:]

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # Ctrl+C: the sandbox stops its pods and exits
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


def shared():
    """The suite's sandbox, started on first use and stopped when the interpreter exits."""
    global _shared
    if _shared is None:
        _shared = Sandbox()
        atexit.register(_shared.stop)
    config.load_kube_config(_shared.kubeconfig)
    return _shared


def fresh_namespace(prefix):
    """A namespace of its own for one test class, so classes never see each other's objects."""
    shared()
    name = f"{prefix}-{uuid.uuid4().hex[:6]}"
    client.CoreV1Api().create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=name)))
    return name


def delete_namespace(name):
    try:
        client.CoreV1Api().delete_namespace(name)
    except client.rest.ApiException as e:
        if e.status != 404:
            raise


def poll(what, condition, timeout=30):
    """Polls condition() until it returns something truthy, or fails naming what was awaited."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)

