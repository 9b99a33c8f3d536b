#!/usr/bin/env bash
# End to end on a real Kubernetes: a kind cluster, Kueue from its release manifests, this chart, and a
# TrainingRun that is preempted (with notice) on "spot", checkpoints, and finishes on "on-demand".
#
# These are the commands a person with Docker would type, in order; run them by hand or run this file.
# IT CANNOT RUN ON THIS PROJECT'S CI MACHINES: they have no Docker engine, no kind and no Helm
# (see docs/install.md). Nothing in tests/ runs it; it is kept short so that it stays readable.
#
# Needs: docker (a running engine), kind 0.23+, kubectl 1.29+, helm 3, and network access to
# github.com (Kueue's manifests), mcr.microsoft.com and docker.io (base images).
# Usage: hack/e2e-kind.sh            (KUEUE_VERSION=v0.15.0 CLUSTER=orchestrator-e2e by default)
#        hack/e2e-kind.sh delete     (removes the cluster)
set -euo pipefail
cd "$(dirname "$0")/.."

KUEUE_VERSION=${KUEUE_VERSION:-v0.15.0}
CLUSTER=${CLUSTER:-orchestrator-e2e}
CHECKPOINTS=${CHECKPOINTS:-/tmp/orchestrator-e2e-checkpoints}
export KUBECONFIG=${KUBECONFIG:-$HOME/.kube/kind-$CLUSTER}

if [ "${1:-}" = delete ]; then
  kind delete cluster --name "$CLUSTER"
  exit 0
fi

for tool in docker kind kubectl helm; do
  command -v "$tool" >/dev/null || { echo "missing: $tool (this script needs docker, kind, kubectl and helm)" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "no Docker engine answers (docker info failed): start Docker first" >&2; exit 2; }

echo "==> 1. A kind cluster: one control plane, a 'spot' and an 'on-demand' worker sharing a checkpoint folder"
mkdir -p "$CHECKPOINTS"
kind create cluster --name "$CLUSTER" --wait 5m --config - <<YAML
kind: Cluster
apiVersion: kind.x-k8s.io/v1alpha4
nodes:
- role: control-plane
- role: worker
  labels: {orchestrator.dev/capacity: spot}
  extraMounts: [{hostPath: "$CHECKPOINTS", containerPath: /mnt/checkpoints}]
- role: worker
  labels: {orchestrator.dev/capacity: on-demand}
  extraMounts: [{hostPath: "$CHECKPOINTS", containerPath: /mnt/checkpoints}]
YAML
SPOT_NODE=$CLUSTER-worker
# kind has no GPUs: advertise 4 as an extended resource on each worker (Kubernetes' documented way).
for node in "$CLUSTER-worker" "$CLUSTER-worker2"; do
  kubectl patch node "$node" --subresource=status --type=json \
    -p '[{"op":"add","path":"/status/capacity/nvidia.com~1gpu","value":"4"}]'
done

echo "==> 2. Kueue $KUEUE_VERSION from its release manifests"
kubectl apply --server-side -f "https://github.com/kubernetes-sigs/kueue/releases/download/$KUEUE_VERSION/manifests.yaml"
kubectl -n kueue-system wait deploy/kueue-controller-manager --for=condition=Available --timeout=5m

echo "==> 3. Flavors and queues for kind's labels (the cloud variants are in docs/install.md)"
# Kueue's webhook may still be starting although its Deployment is Available: retry for a minute.
for attempt in $(seq 1 12); do
  if kubectl apply -f - <<'YAML'; then break; fi
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: spot}
spec: {nodeLabels: {orchestrator.dev/capacity: spot}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ResourceFlavor
metadata: {name: on-demand}
spec: {nodeLabels: {orchestrator.dev/capacity: on-demand}}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: gpu-spot}
spec:
  namespaceSelector: {}
  resourceGroups:
  - coveredResources: [cpu, memory, nvidia.com/gpu]
    flavors:
    - name: spot
      resources: [{name: cpu, nominalQuota: 8}, {name: memory, nominalQuota: 16Gi}, {name: nvidia.com/gpu, nominalQuota: 4}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: ClusterQueue
metadata: {name: gpu-on-demand}
spec:
  namespaceSelector: {}
  resourceGroups:
  - coveredResources: [cpu, memory, nvidia.com/gpu]
    flavors:
    - name: on-demand
      resources: [{name: cpu, nominalQuota: 8}, {name: memory, nominalQuota: 16Gi}, {name: nvidia.com/gpu, nominalQuota: 4}]
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: spot, namespace: default}
spec: {clusterQueue: gpu-spot}
---
apiVersion: kueue.x-k8s.io/v1beta2
kind: LocalQueue
metadata: {name: on-demand, namespace: default}
spec: {clusterQueue: gpu-on-demand}
YAML
  [ "$attempt" -lt 12 ] || { echo "Kueue's webhook did not accept the flavors and queues" >&2; exit 1; }
  sleep 5
done

echo "==> 4. Images: the controller (with trainctl, the agent) and a trainer image holding samples/trainer"
docker build -f src/Orchestrator.Controller/Dockerfile -t orchestrator:e2e .
docker build -t orchestrator-trainer:e2e -f - . <<'DOCKERFILE'
FROM python:3.11-slim
COPY samples/trainer /workspace/samples/trainer
WORKDIR /workspace
DOCKERFILE
kind load docker-image --name "$CLUSTER" orchestrator:e2e orchestrator-trainer:e2e

echo "==> 5. The chart"
helm install orchestrator charts/orchestrator -n orchestrator-system --create-namespace --wait --timeout 5m \
  --set image.repository=orchestrator --set image.tag=e2e --set image.pullPolicy=Never --set replicaCount=1
kubectl get crd trainingruns.orchestrator.dev

echo "==> 6. A TrainingRun (the quickstart, with the trainer image and the shared checkpoint folder)"
kubectl apply -f - <<'YAML'
apiVersion: orchestrator.dev/v1alpha1
kind: TrainingRun
metadata: {name: e2e, namespace: default}
spec:
  workers: 1
  queues: {spot: spot, onDemand: on-demand}
  capacity:
    preferred: Spot
    fallback: {policies: [AfterPreemptions], afterPreemptions: 1}
  checkpoint:
    storage: {uri: "file:///mnt/checkpoints/e2e"}
    interval: 30s
  template:
    spec:
      volumes: [{name: checkpoints, hostPath: {path: /mnt/checkpoints, type: DirectoryOrCreate}}]
      containers:
      - name: trainer
        image: orchestrator-trainer:e2e
        imagePullPolicy: Never
        command: ["python3", "samples/trainer/train.py"]
        args: ["--steps", "600"]
        volumeMounts: [{name: checkpoints, mountPath: /mnt/checkpoints}]
        resources:
          requests: {nvidia.com/gpu: 1}
          limits: {nvidia.com/gpu: 1}
YAML
kubectl wait tr/e2e --for=jsonpath='{.status.phase}'=Running --timeout=10m
kubectl get tr e2e -o wide
kubectl get workloads,jobs,pods -o wide

echo "==> 7. A spot preemption with notice, as AWS Node Termination Handler signals it, then the node goes"
step() { kubectl get tr e2e -o jsonpath='{.status.lastCheckpoint.step}'; }
wait_until() { # wait_until WHAT SECONDS COMMAND...: polls COMMAND every 2 s until it succeeds
  local what=$1 deadline=$((SECONDS + $2)); shift 2
  until "$@"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "timed out waiting for $what" >&2; kubectl describe tr e2e >&2; exit 1; }
    sleep 2
  done
}
has_checkpoint() { [ -n "$(step)" ]; }
step_moved() { [ "$(step)" != "$before" ]; }
wait_until "a first periodic checkpoint" 300 has_checkpoint
before=$(step)
kubectl taint node "$SPOT_NODE" aws-node-termination-handler/spot-itn=e2e:NoSchedule
# The notice window: the agent takes a just-in-time checkpoint, so the step moves past the periodic one.
wait_until "the just-in-time checkpoint after the notice" 120 step_moved
kubectl drain "$SPOT_NODE" --ignore-daemonsets --delete-emptydir-data --timeout=5m

echo "==> 8. Check: the run resumed from its checkpoint on on-demand and finished"
kubectl wait tr/e2e --for=jsonpath='{.status.phase}'=Succeeded --timeout=20m
kubectl get tr e2e -o jsonpath='preemptions={.status.preemptions} capacity={.status.capacityType} attempt={.status.currentAttempt} checkpoint step={.status.lastCheckpoint.step}{"\n"}'
preemptions=$(kubectl get tr e2e -o jsonpath='{.status.preemptions}')
capacity=$(kubectl get tr e2e -o jsonpath='{.status.capacityType}')
if [ "${preemptions:-0}" -lt 1 ] || [ "$capacity" != OnDemand ]; then
  echo "FAILED: expected at least one preemption and the last attempt on OnDemand" >&2
  kubectl describe tr e2e >&2
  exit 1
fi
kubectl get events --field-selector involvedObject.name=e2e
echo "PASSED: e2e preempted $preemptions time(s), resumed, finished on $capacity. Remove the cluster: hack/e2e-kind.sh delete"
