"""CustomObjectsApi: the TrainingRun CRD (schema, CEL, status subresource) and Kueue's kinds."""

import copy
import json
import os
import unittest

import yaml
from kubernetes import client
from kubernetes.client.rest import ApiException

import sandbox_process

GROUP, VERSION, PLURAL = "orchestrator.dev", "v1alpha1", "trainingruns"
KUEUE = "kueue.x-k8s.io"


def setUpModule():
    sandbox_process.shared()


def quickstart():
    with open(os.path.join(sandbox_process.REPO, "samples", "quickstart.yaml"), encoding="utf-8") as f:
        return next(d for d in yaml.safe_load_all(f) if d and d.get("kind") == "TrainingRun")


class TrainingRuns(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-tr")
        cls.custom = client.CustomObjectsApi()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def create(self, name, change=None):
        run = quickstart()
        run["metadata"] = {"name": name, "labels": {"suite": "conformance"}}
        if change:
            change(run)
        return self.custom.create_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, run)

    def test_the_quickstart_sample_is_created_with_its_defaults(self):
        created = self.create("quickstart")
        self.assertEqual(created["apiVersion"], f"{GROUP}/{VERSION}")
        self.assertEqual(created["metadata"]["generation"], 1)
        self.assertEqual(created["spec"]["workers"], 2)
        got = self.custom.get_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "quickstart")
        self.assertEqual(got["metadata"]["uid"], created["metadata"]["uid"])
        listed = self.custom.list_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, label_selector="suite=conformance")
        self.assertEqual(listed["kind"], "TrainingRunList")
        self.assertIn("quickstart", [r["metadata"]["name"] for r in listed["items"]])

    def test_merge_patch_on_spec_moves_generation_and_status_patch_does_not(self):
        self.create("patched")
        # The client sends custom-object patches as JSON merge patch.
        spec = self.custom.patch_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "patched", {"spec": {"workers": 3}})
        self.assertEqual(spec["spec"]["workers"], 3)
        self.assertEqual(spec["metadata"]["generation"], 2)

        status = self.custom.patch_namespaced_custom_object_status(
            GROUP, VERSION, self.ns, PLURAL, "patched", {"status": {"phase": "Running", "currentAttempt": 1}})
        self.assertEqual(status["status"]["phase"], "Running")
        self.assertEqual(status["metadata"]["generation"], 2)
        # Status sent to the main resource is ignored, as the status subresource requires.
        ignored = self.custom.patch_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "patched", {"status": {"phase": "Failed"}})
        self.assertEqual(ignored["status"]["phase"], "Running")
        self.assertEqual(
            self.custom.get_namespaced_custom_object_status(GROUP, VERSION, self.ns, PLURAL, "patched")["status"]["currentAttempt"], 1)

    def test_a_cel_rule_rejects_with_422_and_the_field_at_fault(self):
        def drop_after_preemptions(run):
            del run["spec"]["capacity"]["fallback"]["afterPreemptions"]

        with self.assertRaises(ApiException) as invalid:
            self.create("no-count", drop_after_preemptions)
        self.assertEqual(invalid.exception.status, 422)
        status = json.loads(invalid.exception.body)
        self.assertEqual((status["kind"], status["reason"], status["code"]), ("Status", "Invalid", 422))
        fields = [c["field"] for c in status["details"]["causes"]]
        self.assertIn("spec.capacity.fallback.afterPreemptions", fields)
        self.assertIn("the AfterPreemptions policy needs afterPreemptions", status["message"])

    def test_a_schema_type_error_is_a_422(self):
        def string_workers(run):
            run["spec"]["workers"] = "two"

        with self.assertRaises(ApiException) as invalid:
            self.create("bad-type", string_workers)
        self.assertEqual(invalid.exception.status, 422)
        self.assertIn("spec.workers", [c["field"] for c in json.loads(invalid.exception.body)["details"]["causes"]])

    def test_replace_needs_the_current_resource_version(self):
        run = self.create("replaced")
        stale = copy.deepcopy(run)
        run["spec"]["workers"] = 4
        self.custom.replace_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "replaced", run)
        stale["spec"]["workers"] = 5
        with self.assertRaises(ApiException) as conflict:
            self.custom.replace_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "replaced", stale)
        self.assertEqual(conflict.exception.status, 409)
        self.assertEqual(json.loads(conflict.exception.body)["reason"], "Conflict")

    def test_delete_then_404(self):
        self.create("deleted")
        self.custom.delete_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "deleted")
        with self.assertRaises(ApiException) as gone:
            self.custom.get_namespaced_custom_object(GROUP, VERSION, self.ns, PLURAL, "deleted")
        self.assertEqual(gone.exception.status, 404)
        self.assertEqual(json.loads(gone.exception.body)["details"]["name"], "deleted")


class KueueKinds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-kueue")
        cls.custom = client.CustomObjectsApi()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_the_sample_setup_is_served_as_v1beta2(self):
        queues = self.custom.list_cluster_custom_object(KUEUE, "v1beta2", "clusterqueues")
        self.assertEqual(queues["apiVersion"], f"{KUEUE}/v1beta2")
        self.assertEqual(sorted(q["metadata"]["name"] for q in queues["items"]), ["gpu-on-demand", "gpu-spot-first"])
        local = self.custom.list_namespaced_custom_object(KUEUE, "v1beta2", "default", "localqueues")
        self.assertEqual(sorted(q["spec"]["clusterQueue"] for q in local["items"]), ["gpu-on-demand", "gpu-spot-first"])

    def test_flavor_cluster_queue_and_local_queue_round_trip(self):
        flavor = {"apiVersion": f"{KUEUE}/v1beta2", "kind": "ResourceFlavor",
                  "metadata": {"name": "conf-flavor"}, "spec": {"nodeLabels": {"eks.amazonaws.com/capacityType": "ON_DEMAND"}}}
        self.custom.create_cluster_custom_object(KUEUE, "v1beta2", "resourceflavors", flavor)
        self.addCleanup(self.custom.delete_cluster_custom_object, KUEUE, "v1beta2", "resourceflavors", "conf-flavor")
        queue = {"apiVersion": f"{KUEUE}/v1beta2", "kind": "ClusterQueue", "metadata": {"name": "conf-queue"},
                 "spec": {"cohortName": "conf", "resourceGroups": [{"coveredResources": ["nvidia.com/gpu"], "flavors": [
                     {"name": "conf-flavor", "resources": [{"name": "nvidia.com/gpu", "nominalQuota": 2, "borrowingLimit": 1}]}]}]}}
        self.custom.create_cluster_custom_object(KUEUE, "v1beta2", "clusterqueues", queue)
        self.addCleanup(self.custom.delete_cluster_custom_object, KUEUE, "v1beta2", "clusterqueues", "conf-queue")
        self.custom.create_namespaced_custom_object(KUEUE, "v1beta2", self.ns, "localqueues", {
            "apiVersion": f"{KUEUE}/v1beta2", "kind": "LocalQueue", "metadata": {"name": "conf"},
            "spec": {"clusterQueue": "conf-queue"}})

        read = self.custom.get_cluster_custom_object(KUEUE, "v1beta2", "clusterqueues", "conf-queue")
        self.assertEqual(read["spec"]["cohortName"], "conf")
        self.assertEqual(read["spec"]["resourceGroups"][0]["flavors"][0]["resources"][0]["borrowingLimit"], 1)
        status = self.custom.patch_cluster_custom_object_status(
            KUEUE, "v1beta2", "clusterqueues", "conf-queue", {"status": {"pendingWorkloads": 0}})
        self.assertEqual(status["status"]["pendingWorkloads"], 0)
        self.assertEqual(self.custom.get_namespaced_custom_object(KUEUE, "v1beta2", self.ns, "localqueues", "conf")["spec"]["clusterQueue"], "conf-queue")

    def test_a_v1beta1_cluster_queue_with_cohort_reads_back_as_v1beta2_with_cohort_name(self):
        # The ClusterQueue users copy from Kueue's older docs: v1beta1, `cohort`, a borrowingLimit.
        self.custom.create_cluster_custom_object(KUEUE, "v1beta1", "clusterqueues", {
            "apiVersion": f"{KUEUE}/v1beta1", "kind": "ClusterQueue", "metadata": {"name": "conf-v1beta1"},
            "spec": {"cohort": "design", "resourceGroups": [{"coveredResources": ["nvidia.com/gpu"], "flavors": [
                {"name": "spot", "resources": [{"name": "nvidia.com/gpu", "nominalQuota": 8, "borrowingLimit": 4}]}]}]}})
        self.addCleanup(self.custom.delete_cluster_custom_object, KUEUE, "v1beta2", "clusterqueues", "conf-v1beta1")

        v2 = self.custom.get_cluster_custom_object(KUEUE, "v1beta2", "clusterqueues", "conf-v1beta1")
        self.assertEqual(v2["apiVersion"], f"{KUEUE}/v1beta2")
        self.assertEqual(v2["spec"]["cohortName"], "design")
        self.assertNotIn("cohort", v2["spec"])
        self.assertEqual(v2["spec"]["resourceGroups"][0]["flavors"][0]["resources"][0]["borrowingLimit"], 4)

        v1 = self.custom.get_cluster_custom_object(KUEUE, "v1beta1", "clusterqueues", "conf-v1beta1")
        self.assertEqual(v1["apiVersion"], f"{KUEUE}/v1beta1")
        self.assertEqual(v1["spec"]["cohort"], "design")
        self.assertNotIn("cohortName", v1["spec"])
        # The sample's v1beta2 queues are served as v1beta1 too, converted.
        listed = self.custom.list_cluster_custom_object(KUEUE, "v1beta1", "clusterqueues")
        self.assertEqual(listed["apiVersion"], f"{KUEUE}/v1beta1")
        spot_first = next(q for q in listed["items"] if q["metadata"]["name"] == "gpu-spot-first")
        self.assertEqual((spot_first["apiVersion"], spot_first["spec"]["cohort"]), (f"{KUEUE}/v1beta1", "gpu"))

        patched = self.custom.patch_cluster_custom_object(KUEUE, "v1beta1", "clusterqueues", "conf-v1beta1",
                                                          {"spec": {"cohort": "renamed"}})
        self.assertEqual(patched["spec"]["cohort"], "renamed")
        self.assertEqual(self.custom.get_cluster_custom_object(KUEUE, "v1beta2", "clusterqueues", "conf-v1beta1")["spec"]["cohortName"], "renamed")

    def test_discovery_serves_both_versions_and_prefers_v1beta2(self):
        group = next(g for g in client.ApisApi().get_api_versions().groups if g.name == KUEUE)
        self.assertEqual(group.preferred_version.version, "v1beta2")
        self.assertEqual(sorted(v.version for v in group.versions), ["v1beta1", "v1beta2"])

    def test_an_unknown_version_is_a_404(self):
        with self.assertRaises(ApiException) as missing:
            self.custom.list_cluster_custom_object(KUEUE, "v9", "clusterqueues")
        self.assertEqual(missing.exception.status, 404)


if __name__ == "__main__":
    unittest.main()
