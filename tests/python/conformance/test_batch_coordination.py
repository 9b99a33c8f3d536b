"""BatchV1Api jobs and CoordinationV1Api leases (the leader election every controller does)."""

import datetime
import unittest

from kubernetes import client
from kubernetes.client.rest import ApiException

import sandbox_process


def setUpModule():
    sandbox_process.shared()


def suspended_job(name):
    # Suspended: the sandbox's Job controller creates no pods for it.
    return client.V1Job(
        metadata=client.V1ObjectMeta(name=name, labels={"suite": "conformance"}),
        spec=client.V1JobSpec(
            suspend=True, completion_mode="Indexed", completions=2, parallelism=2, backoff_limit=0,
            template=client.V1PodTemplateSpec(spec=client.V1PodSpec(
                restart_policy="Never",
                containers=[client.V1Container(name="main", image="busybox", command=["true"])]))))


class Jobs(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-job")
        cls.batch = client.BatchV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_create_read_patch_and_delete_a_job(self):
        created = self.batch.create_namespaced_job(self.ns, suspended_job("attempt-1"))
        self.assertTrue(created.spec.suspend)
        self.assertEqual(created.spec.completion_mode, "Indexed")
        listed = self.batch.list_namespaced_job(self.ns, label_selector="suite=conformance").items
        self.assertEqual([j.metadata.name for j in listed], ["attempt-1"])

        patched = self.batch.patch_namespaced_job("attempt-1", self.ns, {"metadata": {"annotations": {"a": "b"}}})
        self.assertEqual(patched.metadata.annotations, {"a": "b"})
        self.assertEqual(patched.metadata.generation, created.metadata.generation)

        status = self.batch.patch_namespaced_job_status("attempt-1", self.ns, {"status": {"active": 0}})
        self.assertEqual(status.metadata.name, "attempt-1")
        self.assertIsNotNone(self.batch.read_namespaced_job_status("attempt-1", self.ns).status)

        self.batch.delete_namespaced_job("attempt-1", self.ns, propagation_policy="Background")
        sandbox_process.poll("the job to go", lambda: not self.batch.list_namespaced_job(self.ns).items)

    def test_a_job_without_a_template_restart_policy_is_invalid(self):
        bad = suspended_job("bad-restart")
        bad.spec.template.spec.restart_policy = "Always"
        with self.assertRaises(ApiException) as invalid:
            self.batch.create_namespaced_job(self.ns, bad)
        self.assertEqual(invalid.exception.status, 422)


class Leases(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-lease")
        cls.coordination = client.CoordinationV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_leader_election_create_then_conditional_update(self):
        now = datetime.datetime.now(datetime.timezone.utc)
        lease = self.coordination.create_namespaced_lease(self.ns, client.V1Lease(
            metadata=client.V1ObjectMeta(name="leader"),
            spec=client.V1LeaseSpec(holder_identity="a", lease_duration_seconds=15,
                                    acquire_time=now, renew_time=now, lease_transitions=0)))
        # MicroTime keeps microseconds on the wire (RFC 3339 with six fractional digits).
        self.assertEqual(lease.spec.renew_time.microsecond, now.microsecond)

        lease.spec.holder_identity = "b"
        lease.spec.lease_transitions = 1
        taken = self.coordination.replace_namespaced_lease("leader", self.ns, lease)
        self.assertEqual(taken.spec.holder_identity, "b")

        lease.spec.holder_identity = "c"  # still carries the resourceVersion "b" replaced
        with self.assertRaises(ApiException) as stale:
            self.coordination.replace_namespaced_lease("leader", self.ns, lease)
        self.assertEqual(stale.exception.status, 409)
        self.assertEqual(self.coordination.read_namespaced_lease("leader", self.ns).spec.holder_identity, "b")


if __name__ == "__main__":
    unittest.main()
