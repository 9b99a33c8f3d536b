namespace Orchestrator.Kubernetes.Tests.Sandbox;

/// <summary>
/// A minimal TrainingRun CRD (schema-less, status subresource) so these tests do not depend on the chart's
/// generated CRD; the machinery only needs the resource to be served.
/// </summary>
internal static class TrainingRunCrd
{
    public const string Yaml = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: trainingruns.orchestrator.dev
        spec:
          group: orchestrator.dev
          scope: Namespaced
          names:
            plural: trainingruns
            singular: trainingrun
            kind: TrainingRun
            listKind: TrainingRunList
            shortNames: [tr]
          versions:
          - name: v1alpha1
            served: true
            storage: true
            subresources:
              status: {}
            schema:
              openAPIV3Schema:
                type: object
                x-kubernetes-preserve-unknown-fields: true
        """;
}
