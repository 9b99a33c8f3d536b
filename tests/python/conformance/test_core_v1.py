"""CoreV1Api against the sandbox: configmaps, pods, services, events, namespaces; selectors and patches."""

import json
import unittest

from kubernetes import client
from kubernetes.client.rest import ApiException

import sandbox_process


def setUpModule():
    sandbox_process.shared()


def unscheduled_pod(name, labels=None):
    # A scheduler name nobody serves keeps the pod Pending and off the sandbox's kubelet.
    return client.V1Pod(
        metadata=client.V1ObjectMeta(name=name, labels=labels or {}),
        spec=client.V1PodSpec(
            scheduler_name="conformance-none",
            containers=[client.V1Container(name="main", image="busybox", command=["sleep", "3600"])]))


class ConfigMaps(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-cm")
        cls.v1 = client.CoreV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_create_read_replace_delete(self):
        created = self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name="crud", labels={"app": "conf"}), data={"a": "1"}))
        self.assertEqual(created.metadata.namespace, self.ns)
        self.assertTrue(created.metadata.uid)
        self.assertTrue(created.metadata.resource_version)
        self.assertIsNotNone(created.metadata.creation_timestamp)

        read = self.v1.read_namespaced_config_map("crud", self.ns)
        self.assertEqual(read.data, {"a": "1"})

        read.data["b"] = "2"
        replaced = self.v1.replace_namespaced_config_map("crud", self.ns, read)
        self.assertEqual(replaced.data, {"a": "1", "b": "2"})
        self.assertGreater(int(replaced.metadata.resource_version), int(read.metadata.resource_version))

        self.v1.delete_namespaced_config_map("crud", self.ns)
        with self.assertRaises(ApiException) as gone:
            self.v1.read_namespaced_config_map("crud", self.ns)
        self.assertEqual(gone.exception.status, 404)

    def test_patches_strategic_merge_json_merge_and_json_patch(self):
        self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name="patched"), data={"a": "1"}))
        # A dict body goes as strategic merge patch, the client's default for typed APIs.
        strategic = self.v1.patch_namespaced_config_map("patched", self.ns, {"data": {"b": "2"}})
        self.assertEqual(strategic.data, {"a": "1", "b": "2"})
        # A list body goes as JSON patch (RFC 6902).
        json_patch = self.v1.patch_namespaced_config_map(
            "patched", self.ns, [{"op": "replace", "path": "/data/a", "value": "10"},
                                 {"op": "remove", "path": "/data/b"}])
        self.assertEqual(json_patch.data, {"a": "10"})
        # JSON merge patch, chosen explicitly; null deletes a key.
        merged = self.v1.api_client.call_api(
            f"/api/v1/namespaces/{self.ns}/configmaps/patched", "PATCH",
            header_params={"Content-Type": "application/merge-patch+json", "Accept": "application/json"},
            body={"data": {"a": None, "c": "3"}}, response_type="V1ConfigMap",
            auth_settings=["BearerToken"], _return_http_data_only=True)
        self.assertEqual(merged.data, {"c": "3"})

    def test_a_failed_json_patch_test_is_a_422(self):
        self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(
            metadata=client.V1ObjectMeta(name="tested"), data={"a": "1"}))
        with self.assertRaises(ApiException) as failed:
            self.v1.patch_namespaced_config_map(
                "tested", self.ns, [{"op": "test", "path": "/data/a", "value": "2"}])
        self.assertEqual(failed.exception.status, 422)

    def test_label_selectors(self):
        for name, labels in [("sel-a", {"tier": "a", "env": "prod"}), ("sel-b", {"tier": "b", "env": "prod"}),
                             ("sel-c", {"tier": "c"})]:
            self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(
                metadata=client.V1ObjectMeta(name=name, labels=labels)))

        def names(selector):
            return sorted(c.metadata.name for c in self.v1.list_namespaced_config_map(
                self.ns, label_selector=selector).items)

        self.assertEqual(names("tier=a"), ["sel-a"])
        self.assertEqual(names("env=prod,tier!=a"), ["sel-b"])
        self.assertEqual(names("tier in (a,c)"), ["sel-a", "sel-c"])
        self.assertEqual(names("tier notin (a),tier"), ["sel-b", "sel-c"])
        self.assertEqual(names("tier,!env"), ["sel-c"])

    def test_field_selectors(self):
        self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="field-a")))
        self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="field-b")))
        only = self.v1.list_namespaced_config_map(self.ns, field_selector="metadata.name=field-b").items
        self.assertEqual([c.metadata.name for c in only], ["field-b"])
        across = self.v1.list_config_map_for_all_namespaces(
            field_selector=f"metadata.namespace={self.ns},metadata.name!=field-b").items
        self.assertIn("field-a", [c.metadata.name for c in across])
        self.assertNotIn("field-b", [c.metadata.name for c in across])
        with self.assertRaises(ApiException) as bad:
            self.v1.list_namespaced_config_map(self.ns, field_selector="data.a=1")
        self.assertEqual(bad.exception.status, 400)


class Pods(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-pod")
        cls.v1 = client.CoreV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_a_pod_starts_pending_and_its_status_is_a_subresource(self):
        pod = self.v1.create_namespaced_pod(self.ns, unscheduled_pod("status-pod"))
        self.assertEqual(pod.status.phase, "Pending")
        self.assertEqual(self.v1.read_namespaced_pod_status("status-pod", self.ns).status.phase, "Pending")

        patched = self.v1.patch_namespaced_pod_status("status-pod", self.ns, {"status": {
            "conditions": [{"type": "DisruptionTarget", "status": "True", "reason": "TerminationByKubelet"}]}})
        self.assertEqual([(c.type, c.status) for c in patched.status.conditions], [("DisruptionTarget", "True")])
        # Writes to the main resource leave status alone.
        relabelled = self.v1.patch_namespaced_pod("status-pod", self.ns, {
            "metadata": {"labels": {"seen": "yes"}}, "status": {"phase": "Running"}})
        self.assertEqual(relabelled.metadata.labels, {"seen": "yes"})
        self.assertEqual(relabelled.status.phase, "Pending")

    def test_pods_by_field_and_label_selector_across_namespaces(self):
        self.v1.create_namespaced_pod(self.ns, unscheduled_pod("sel-1", {"job": "x"}))
        self.v1.create_namespaced_pod(self.ns, unscheduled_pod("sel-2", {"job": "y"}))
        pending = self.v1.list_pod_for_all_namespaces(
            field_selector=f"status.phase=Pending,metadata.namespace={self.ns}", label_selector="job=x").items
        self.assertEqual([p.metadata.name for p in pending], ["sel-1"])
        unbound = self.v1.list_namespaced_pod(self.ns, field_selector="spec.nodeName=").items
        self.assertEqual(sorted(p.metadata.name for p in unbound if p.metadata.name.startswith("sel-")),
                         ["sel-1", "sel-2"])

    def test_an_invalid_pod_is_a_422_naming_the_field(self):
        bad = unscheduled_pod("no-image")
        bad.spec.containers[0].image = None
        with self.assertRaises(ApiException) as invalid:
            self.v1.create_namespaced_pod(self.ns, bad)
        self.assertEqual(invalid.exception.status, 422)
        status = json.loads(invalid.exception.body)
        self.assertEqual(status["reason"], "Invalid")
        self.assertIn("spec.containers[0].image", [c["field"] for c in status["details"]["causes"]])


class ServicesEventsNamespaces(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-svc")
        cls.v1 = client.CoreV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_a_service_round_trips(self):
        self.v1.create_namespaced_service(self.ns, client.V1Service(
            metadata=client.V1ObjectMeta(name="rendezvous"),
            spec=client.V1ServiceSpec(cluster_ip="None", selector={"job": "x"},
                                      ports=[client.V1ServicePort(name="c10d", port=29500)])))
        read = self.v1.read_namespaced_service("rendezvous", self.ns)
        self.assertEqual(read.spec.cluster_ip, "None")
        self.assertEqual([(p.name, p.port) for p in read.spec.ports], [("c10d", 29500)])
        self.assertIn("rendezvous", [s.metadata.name for s in self.v1.list_namespaced_service(self.ns).items])

    def test_events_are_found_by_involved_object(self):
        for name, target in [("ev.1", "run-a"), ("ev.2", "run-b")]:
            self.v1.create_namespaced_event(self.ns, client.CoreV1Event(
                metadata=client.V1ObjectMeta(name=name),
                involved_object=client.V1ObjectReference(kind="TrainingRun", name=target, namespace=self.ns),
                reason="Preempted", message=f"{target} lost a node", type="Warning"))
        found = self.v1.list_namespaced_event(
            self.ns, field_selector="involvedObject.kind=TrainingRun,involvedObject.name=run-b").items
        self.assertEqual([(e.metadata.name, e.reason, e.type) for e in found], [("ev.2", "Preempted", "Warning")])

    def test_namespaces_of_a_fresh_cluster_and_their_phase(self):
        names = [n.metadata.name for n in self.v1.list_namespace().items]
        for expected in ["default", "kube-system", "kube-public", "kube-node-lease", self.ns]:
            self.assertIn(expected, names)
        self.assertEqual(self.v1.read_namespace(self.ns).status.phase, "Active")


if __name__ == "__main__":
    unittest.main()
