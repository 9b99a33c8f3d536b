"""limit/continue pagination and the Status bodies of errors, as ApiException carries them."""

import json
import unittest

from kubernetes import client, watch
from kubernetes.client.rest import ApiException

import sandbox_process


def setUpModule():
    sandbox_process.shared()


class Pagination(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-page")
        cls.v1 = client.CoreV1Api()
        for i in range(7):
            cls.v1.create_namespaced_config_map(cls.ns, client.V1ConfigMap(
                metadata=client.V1ObjectMeta(name=f"page-{i}", labels={"paged": "yes"})))

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def test_limit_and_continue_walk_every_object_once(self):
        names, remaining, token = [], [], None
        while True:
            # No selector: the apiserver counts remainingItemCount only for unselected lists.
            page = self.v1.list_namespaced_config_map(self.ns, limit=3, _continue=token)
            names += [c.metadata.name for c in page.items]
            token = page.metadata._continue
            if not token:
                self.assertIsNone(page.metadata.remaining_item_count)
                break
            remaining.append(page.metadata.remaining_item_count)
        self.assertEqual(names, [f"page-{i}" for i in range(7)])
        self.assertEqual(remaining, [4, 1])

    def test_a_selected_list_pages_too_without_a_remaining_count(self):
        first = self.v1.list_namespaced_config_map(self.ns, label_selector="paged=yes", limit=5)
        self.assertEqual(len(first.items), 5)
        self.assertIsNone(first.metadata.remaining_item_count)
        rest = self.v1.list_namespaced_config_map(self.ns, label_selector="paged=yes", limit=5,
                                                  _continue=first.metadata._continue)
        self.assertEqual([c.metadata.name for c in rest.items], ["page-5", "page-6"])
        self.assertFalse(rest.metadata._continue)

    def test_a_foreign_continue_token_is_a_400(self):
        with self.assertRaises(ApiException) as bad:
            self.v1.list_namespaced_config_map(self.ns, limit=3, _continue="not-a-token")
        self.assertEqual(bad.exception.status, 400)
        self.assertEqual(json.loads(bad.exception.body)["reason"], "BadRequest")


class Expiry(unittest.TestCase):
    """What a real apiserver answers once etcd has compacted a version: 410 Expired, for lists and watches."""

    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-expiry")
        cls.v1 = client.CoreV1Api()
        for i in range(5):
            cls.v1.create_namespaced_config_map(cls.ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name=f"old-{i}")))

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def outrun_the_history(self):
        # In the default namespace: the pages and watches under test see none of it.
        name = f"churn-{self.ns}-{self._testMethodName[-20:].replace('_', '-')}"
        self.v1.create_namespaced_config_map("default", client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name), data={"i": "0"}))
        self.addCleanup(self.v1.delete_namespaced_config_map, name, "default")
        for i in range(sandbox_process.WATCH_HISTORY + 10):
            self.v1.patch_namespaced_config_map(name, "default", {"data": {"i": str(i)}})

    def test_an_expired_continue_token_is_410_with_a_token_to_go_on_inconsistently(self):
        first = self.v1.list_namespaced_config_map(self.ns, limit=2)
        self.outrun_the_history()
        with self.assertRaises(ApiException) as expired:
            self.v1.list_namespaced_config_map(self.ns, limit=2, _continue=first.metadata._continue)
        self.assertEqual(expired.exception.status, 410)
        status = json.loads(expired.exception.body)
        self.assertEqual(status["reason"], "Expired")
        self.assertIn("too old to display a consistent list result", status["message"])
        rest = self.v1.list_namespaced_config_map(self.ns, _continue=status["metadata"]["continue"])
        self.assertEqual([c.metadata.name for c in rest.items], ["old-2", "old-3", "old-4"])

    def test_a_watch_from_an_expired_resource_version_is_410(self):
        rv = self.v1.list_namespaced_config_map(self.ns).metadata.resource_version
        self.outrun_the_history()
        with self.assertRaises(ApiException) as gone:
            for _ in watch.Watch().stream(self.v1.list_namespaced_config_map, self.ns, resource_version=rv,
                                          timeout_seconds=300):
                self.fail("no event may arrive from an expired resourceVersion")
        self.assertEqual(gone.exception.status, 410)


class Errors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ns = sandbox_process.fresh_namespace("conf-err")
        cls.v1 = client.CoreV1Api()

    @classmethod
    def tearDownClass(cls):
        sandbox_process.delete_namespace(cls.ns)

    def status_of(self, call):
        with self.assertRaises(ApiException) as raised:
            call()
        status = json.loads(raised.exception.body)
        self.assertEqual((status["kind"], status["apiVersion"], status["status"]), ("Status", "v1", "Failure"))
        self.assertEqual(status["code"], raised.exception.status)
        self.assertEqual(raised.exception.headers["Content-Type"], "application/json")
        return status

    def test_404_not_found(self):
        status = self.status_of(lambda: self.v1.read_namespaced_config_map("missing", self.ns))
        self.assertEqual((status["code"], status["reason"]), (404, "NotFound"))
        self.assertEqual(status["message"], 'configmaps "missing" not found')
        self.assertEqual(status["details"], {"name": "missing", "kind": "configmaps"})

    def test_409_already_exists(self):
        body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="twice"))
        self.v1.create_namespaced_config_map(self.ns, body)
        status = self.status_of(lambda: self.v1.create_namespaced_config_map(self.ns, body))
        self.assertEqual((status["code"], status["reason"]), (409, "AlreadyExists"))
        self.assertEqual(status["message"], 'configmaps "twice" already exists')

    def test_409_conflict_on_a_stale_resource_version(self):
        made = self.v1.create_namespaced_config_map(self.ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="raced")))
        self.v1.patch_namespaced_config_map("raced", self.ns, {"data": {"x": "1"}})
        made.data = {"x": "2"}
        status = self.status_of(lambda: self.v1.replace_namespaced_config_map("raced", self.ns, made))
        self.assertEqual((status["code"], status["reason"]), (409, "Conflict"))
        self.assertIn("the object has been modified", status["message"])

    def test_422_invalid_with_causes(self):
        status = self.status_of(lambda: self.v1.create_namespaced_config_map(
            self.ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="Not_A_Name"))))
        self.assertEqual((status["code"], status["reason"]), (422, "Invalid"))
        self.assertEqual(status["details"]["name"], "Not_A_Name")
        self.assertEqual([c["field"] for c in status["details"]["causes"]], ["metadata.name"])
        self.assertEqual(status["details"]["causes"][0]["reason"], "FieldValueInvalid")

    def test_404_for_a_namespace_that_does_not_exist(self):
        status = self.status_of(lambda: self.v1.create_namespaced_config_map(
            "no-such-namespace", client.V1ConfigMap(metadata=client.V1ObjectMeta(name="x"))))
        self.assertEqual((status["code"], status["reason"]), (404, "NotFound"))
        self.assertEqual(status["details"], {"name": "no-such-namespace", "kind": "namespaces"})


if __name__ == "__main__":
    unittest.main()
