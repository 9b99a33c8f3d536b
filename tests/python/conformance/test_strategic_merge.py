"""Strategic merge patch, the typed client's default for a dict body: lists merge by their patchMergeKey, as the
apiserver merges them, and custom resources refuse it (415), as CRDs do."""

import json
import unittest

from kubernetes import client
from kubernetes.client.rest import ApiException

import sandbox_process


def setUpModule():
    sandbox_process.shared()


class StrategicMergePatch(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-smp")
        cls.v1 = client.CoreV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def pod(self, name):
        return self.v1.create_namespaced_pod(self.ns, client.V1Pod(
            metadata=client.V1ObjectMeta(name=name, finalizers=["example.com/a"]),
            spec=client.V1PodSpec(scheduler_name="conformance-none", containers=[
                client.V1Container(name="main", image="busybox:1", command=["sleep", "3600"],
                                   env=[client.V1EnvVar(name="A", value="1")]),
                client.V1Container(name="side", image="busybox:1", command=["sleep", "3600"])])))

    def test_status_conditions_merge_by_type(self):
        self.pod("conditions")
        self.v1.patch_namespaced_pod_status("conditions", self.ns, {"status": {"conditions": [
            {"type": "PodScheduled", "status": "False", "reason": "Unschedulable"}]}})
        patched = self.v1.patch_namespaced_pod_status("conditions", self.ns, {"status": {"conditions": [
            {"type": "DisruptionTarget", "status": "True", "reason": "TerminationByKubelet"}]}})
        self.assertEqual(sorted((c.type, c.status) for c in patched.status.conditions),
                         [("DisruptionTarget", "True"), ("PodScheduled", "False")])
        updated = self.v1.patch_namespaced_pod_status("conditions", self.ns, {"status": {"conditions": [
            {"type": "PodScheduled", "status": "True"}]}})
        self.assertEqual(sorted((c.type, c.status) for c in updated.status.conditions),
                         [("DisruptionTarget", "True"), ("PodScheduled", "True")])

    def test_containers_and_env_merge_by_name(self):
        self.pod("containers")
        patched = self.v1.patch_namespaced_pod("containers", self.ns, {"spec": {"containers": [
            {"name": "main", "image": "busybox:2", "env": [{"name": "B", "value": "2"}]}]}})
        by_name = {c.name: c for c in patched.spec.containers}
        self.assertEqual(sorted(by_name), ["main", "side"])
        self.assertEqual(by_name["main"].image, "busybox:2")
        self.assertEqual(by_name["main"].command, ["sleep", "3600"])
        self.assertEqual(sorted((e.name, e.value) for e in by_name["main"].env), [("A", "1"), ("B", "2")])

    def test_patch_delete_directive_removes_one_list_item(self):
        self.pod("directive")
        patched = self.v1.patch_namespaced_pod("directive", self.ns, {"spec": {"containers": [
            {"name": "main", "env": [{"name": "A", "$patch": "delete"}]}]}})
        main = next(c for c in patched.spec.containers if c.name == "main")
        self.assertFalse(main.env)

    def test_finalizers_merge_as_a_set_and_delete_from_primitive_list(self):
        self.pod("finalizers")
        added = self.v1.patch_namespaced_pod("finalizers", self.ns, {"metadata": {"finalizers": ["example.com/b"]}})
        self.assertEqual(added.metadata.finalizers, ["example.com/a", "example.com/b"])
        removed = self.v1.patch_namespaced_pod("finalizers", self.ns, {"metadata": {
            "$deleteFromPrimitiveList/finalizers": ["example.com/a", "example.com/b"]}})
        self.assertFalse(removed.metadata.finalizers)

    def test_lists_without_a_merge_key_are_replaced(self):
        self.pod("replaced")
        patched = self.v1.patch_namespaced_pod("replaced", self.ns, {"spec": {"containers": [
            {"name": "main", "command": ["true"]}]}})
        self.assertEqual(next(c for c in patched.spec.containers if c.name == "main").command, ["true"])

    def test_custom_resources_refuse_strategic_merge_with_415(self):
        custom = client.CustomObjectsApi()
        with self.assertRaises(ApiException) as refused:
            custom.api_client.call_api(
                "/apis/kueue.x-k8s.io/v1beta2/clusterqueues/gpu-on-demand", "PATCH",
                header_params={"Content-Type": "application/strategic-merge-patch+json", "Accept": "application/json"},
                body={"metadata": {"labels": {"x": "y"}}}, response_type="object",
                auth_settings=["BearerToken"], _return_http_data_only=True)
        self.assertEqual(refused.exception.status, 415)
        self.assertEqual(json.loads(refused.exception.body)["reason"], "UnsupportedMediaType")


if __name__ == "__main__":
    unittest.main()
