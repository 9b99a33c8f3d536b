"""kubernetes.watch.Watch against the sandbox: initial state, resuming from a resourceVersion,
selectors, timeouts and bookmarks."""

import unittest

from kubernetes import client, watch

import sandbox_process

# timeoutSeconds is sandbox time: at the suite's time scale 10, 300 s is 30 s of real time, a deadline
# that only a broken watch reaches.
DEADLINE = 300


def setUpModule():
    sandbox_process.shared()


def config_map(name, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels or {}), data={"v": "0"})


class Watches(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.v1 = client.CoreV1Api()

    def setUp(self):
        self.ns = sandbox_process.fresh_namespace("conf-watch")
        self.addCleanup(sandbox_process.delete_namespace, self.ns)

    def collect(self, until, **kwargs):
        """Events of a configmap watch in self.ns until until(events) holds or the stream ends."""
        events = []
        w = watch.Watch()
        for event in w.stream(self.v1.list_namespaced_config_map, self.ns, timeout_seconds=DEADLINE, **kwargs):
            events.append(event)
            if until(events):
                w.stop()
        return events

    def test_a_watch_without_a_resource_version_starts_with_the_current_objects(self):
        self.v1.create_namespaced_config_map(self.ns, config_map("first"))
        self.v1.create_namespaced_config_map(self.ns, config_map("second"))
        events = self.collect(lambda e: len(e) >= 2)
        self.assertEqual(sorted((e["type"], e["object"].metadata.name) for e in events),
                         [("ADDED", "first"), ("ADDED", "second")])

    def test_a_watch_from_a_list_resource_version_sees_every_change_in_order(self):
        rv = self.v1.list_namespaced_config_map(self.ns).metadata.resource_version
        self.v1.create_namespaced_config_map(self.ns, config_map("changing"))
        self.v1.patch_namespaced_config_map("changing", self.ns, {"data": {"v": "1"}})
        self.v1.delete_namespaced_config_map("changing", self.ns)
        events = self.collect(lambda e: e[-1]["type"] == "DELETED", resource_version=rv)
        self.assertEqual([(e["type"], e["object"].metadata.name) for e in events],
                         [("ADDED", "changing"), ("MODIFIED", "changing"), ("DELETED", "changing")])
        self.assertEqual(events[1]["object"].data, {"v": "1"})
        versions = [int(e["object"].metadata.resource_version) for e in events]
        self.assertEqual(versions, sorted(versions))

    def test_a_selector_watch_sees_an_object_leave_the_selection_as_deleted(self):
        rv = self.v1.list_namespaced_config_map(self.ns).metadata.resource_version
        self.v1.create_namespaced_config_map(self.ns, config_map("leaving", {"team": "a"}))
        self.v1.create_namespaced_config_map(self.ns, config_map("other", {"team": "b"}))
        self.v1.patch_namespaced_config_map("leaving", self.ns, {"metadata": {"labels": {"team": "b"}}})
        events = self.collect(lambda e: e[-1]["type"] == "DELETED", resource_version=rv, label_selector="team=a")
        self.assertEqual([(e["type"], e["object"].metadata.name) for e in events],
                         [("ADDED", "leaving"), ("DELETED", "leaving")])

    def test_timeout_seconds_ends_the_stream(self):
        self.v1.create_namespaced_config_map(self.ns, config_map("quiet"))
        # 5 sandbox seconds: half a real second. The stream must end by itself.
        events = list(watch.Watch().stream(self.v1.list_namespaced_config_map, self.ns, timeout_seconds=5,
                                           _request_timeout=60))
        self.assertEqual([(e["type"], e["object"].metadata.name) for e in events], [("ADDED", "quiet")])

    def test_bookmarks_carry_a_resource_version_to_resume_from(self):
        rv = self.v1.list_namespaced_config_map(self.ns).metadata.resource_version
        events = self.collect(lambda e: e[-1]["type"] == "BOOKMARK", resource_version=rv, allow_watch_bookmarks=True)
        bookmark = events[-1]
        self.assertEqual(bookmark["type"], "BOOKMARK")
        self.assertEqual(bookmark["raw_object"]["kind"], "ConfigMap")
        self.assertGreaterEqual(int(bookmark["raw_object"]["metadata"]["resourceVersion"]), int(rv))

    def test_a_watch_on_one_name(self):
        rv = self.v1.list_namespaced_config_map(self.ns).metadata.resource_version
        self.v1.create_namespaced_config_map(self.ns, config_map("noise"))
        self.v1.create_namespaced_config_map(self.ns, config_map("target"))
        events = self.collect(lambda e: len(e) >= 1, resource_version=rv, field_selector="metadata.name=target")
        self.assertEqual([(e["type"], e["object"].metadata.name) for e in events], [("ADDED", "target")])

    def test_custom_objects_can_be_watched(self):
        custom = client.CustomObjectsApi()
        rv = custom.list_cluster_custom_object("kueue.x-k8s.io", "v1beta2", "resourceflavors")["metadata"]["resourceVersion"]
        name = f"watched-{self.ns}"
        custom.create_cluster_custom_object("kueue.x-k8s.io", "v1beta2", "resourceflavors", {
            "apiVersion": "kueue.x-k8s.io/v1beta2", "kind": "ResourceFlavor", "metadata": {"name": name}, "spec": {}})
        custom.delete_cluster_custom_object("kueue.x-k8s.io", "v1beta2", "resourceflavors", name)
        seen = []
        w = watch.Watch()
        for event in w.stream(custom.list_cluster_custom_object, "kueue.x-k8s.io", "v1beta2", "resourceflavors",
                              resource_version=rv, timeout_seconds=DEADLINE):
            if event["object"]["metadata"]["name"] == name:
                seen.append(event["type"])
            if seen[-1:] == ["DELETED"]:
                w.stop()
        self.assertEqual(seen, ["ADDED", "DELETED"])


if __name__ == "__main__":
    unittest.main()
