namespace Orchestrator.Sandbox.Resources;

/// <summary>The non-CRD resources the sandbox serves.</summary>
internal static class BuiltInResources
{
    public const string KueueGroup = "kueue.x-k8s.io";

    public static readonly ResourceType Namespaces = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Namespace",
        Plural = "namespaces",
        Namespaced = false,
        HasStatus = true,
        ShortNames = ["ns"],
        SelectableFields = ["status.phase"],
    };

    public static readonly ResourceType Pods = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Pod",
        Plural = "pods",
        Namespaced = true,
        HasStatus = true,
        TracksGeneration = true,
        ShortNames = ["po"],
        Categories = ["all"],
        SelectableFields = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
    };

    public static readonly ResourceType Nodes = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Node",
        Plural = "nodes",
        Namespaced = false,
        HasStatus = true,
        ShortNames = ["no"],
        SelectableFields = ["spec.unschedulable"],
    };

    public static readonly ResourceType Events = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Event",
        Plural = "events",
        Namespaced = true,
        ShortNames = ["ev"],
        SelectableFields =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
    };

    public static readonly ResourceType EventsV1 = new()
    {
        Group = "events.k8s.io",
        Version = "v1",
        Kind = "Event",
        Plural = "events",
        Namespaced = true,
        ShortNames = ["ev"],
        SelectableFields = ["regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "reason", "type", "reportingController"],
    };

    public static readonly ResourceType Secrets = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Secret",
        Plural = "secrets",
        Namespaced = true,
        SelectableFields = ["type"],
    };

    public static readonly ResourceType ConfigMaps = new()
    {
        Group = "",
        Version = "v1",
        Kind = "ConfigMap",
        Plural = "configmaps",
        Namespaced = true,
        ShortNames = ["cm"],
    };

    public static readonly ResourceType Services = new()
    {
        Group = "",
        Version = "v1",
        Kind = "Service",
        Plural = "services",
        Namespaced = true,
        HasStatus = true,
        ShortNames = ["svc"],
        Categories = ["all"],
    };

    public static readonly ResourceType ServiceAccounts = new()
    {
        Group = "",
        Version = "v1",
        Kind = "ServiceAccount",
        Plural = "serviceaccounts",
        Namespaced = true,
        ShortNames = ["sa"],
    };

    public static readonly ResourceType Jobs = new()
    {
        Group = "batch",
        Version = "v1",
        Kind = "Job",
        Plural = "jobs",
        Namespaced = true,
        HasStatus = true,
        TracksGeneration = true,
        Categories = ["all"],
        SelectableFields = ["status.successful"],
    };

    public static readonly ResourceType Leases = new()
    {
        Group = "coordination.k8s.io",
        Version = "v1",
        Kind = "Lease",
        Plural = "leases",
        Namespaced = true,
    };

    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io",
        Version = "v1",
        Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions",
        Namespaced = false,
        HasStatus = true,
        TracksGeneration = true,
        ShortNames = ["crd", "crds"],
        PrinterColumns = [new("Created At", "date", ".metadata.creationTimestamp")],
    };

    public static readonly ResourceType Roles = Rbac("Role", "roles", namespaced: true);

    public static readonly ResourceType ClusterRoles = Rbac("ClusterRole", "clusterroles", namespaced: false);

    public static readonly ResourceType RoleBindings = Rbac("RoleBinding", "rolebindings", namespaced: true);

    public static readonly ResourceType ClusterRoleBindings = Rbac("ClusterRoleBinding", "clusterrolebindings", namespaced: false);

    public static readonly ResourceType SelfSubjectAccessReviews = Review("SelfSubjectAccessReview", "selfsubjectaccessreviews", namespaced: false);

    public static readonly ResourceType SubjectAccessReviews = Review("SubjectAccessReview", "subjectaccessreviews", namespaced: false);

    public static readonly ResourceType LocalSubjectAccessReviews = Review("LocalSubjectAccessReview", "localsubjectaccessreviews", namespaced: true);

    public static readonly ResourceType Workloads = Kueue("Workload", "workloads", true, ["wl"],
    [
        new("Queue", "string", ".spec.queueName", Description: "Name of the queue this workload was submitted to"),
        new("Reserved in", "string", ".status.admission.clusterQueue", Description: "Name of the ClusterQueue where the workload is reserving quota"),
        new("Admitted", "string", ".status.conditions[?(@.type==\"Admitted\")].status", Description: "Admission status"),
        new("Finished", "string", ".status.conditions[?(@.type==\"Finished\")].status", Description: "Workload finished"),
        Age,
    ]);

    public static readonly ResourceType LocalQueues = Kueue("LocalQueue", "localqueues", true, ["queue", "queues", "lq"],
    [
        new("ClusterQueue", "string", ".spec.clusterQueue", Description: "Backing ClusterQueue"),
        new("Pending Workloads", "integer", ".status.pendingWorkloads", Description: "Number of pending workloads"),
        new("Admitted Workloads", "integer", ".status.admittedWorkloads", Description: "Number of admitted workloads that haven't finished yet."),
        Age,
    ]);

    public static readonly ResourceType ClusterQueues = Kueue("ClusterQueue", "clusterqueues", false, ["cq"],
    [
        new("Cohort", "string", ".spec.cohortName", Description: "Cohort that this ClusterQueue belongs to"),
        new("Strategy", "string", ".spec.queueingStrategy", Priority: 1, Description: "The queueing strategy used to prioritize workloads"),
        new("Pending Workloads", "integer", ".status.pendingWorkloads", Description: "Number of pending workloads"),
        new("Admitted Workloads", "integer", ".status.admittedWorkloads", Priority: 1, Description: "Number of admitted workloads that haven't finished yet"),
        Age,
    ]);

    public static readonly ResourceType ResourceFlavors = Kueue("ResourceFlavor", "resourceflavors", false, ["flavor", "flavors", "rf"], [Age], hasStatus: false);

    public static readonly IReadOnlyList<ResourceType> All =
    [
        Namespaces, Pods, Nodes, Events, Secrets, ConfigMaps, Services, ServiceAccounts, EventsV1, Jobs, Leases,
        CustomResourceDefinitions, Workloads, LocalQueues, ClusterQueues, ResourceFlavors,
        Roles, ClusterRoles, RoleBindings, ClusterRoleBindings, SelfSubjectAccessReviews, SubjectAccessReviews, LocalSubjectAccessReviews,

        // After v1beta2, which discovery therefore names the preferred version, as Kueue's CRDs do.
        .. KueueV1Beta1.Types,
    ];

    private static ResourceType Rbac(string kind, string plural, bool namespaced) => new()
    {
        Group = "rbac.authorization.k8s.io",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Namespaced = namespaced,
        PathSegmentNames = true,
    };

    private static ResourceType Review(string kind, string plural, bool namespaced) => new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Namespaced = namespaced,
        HasStatus = false,
        CreateOnly = true,
    };

    private static PrinterColumn Age => new("Age", "date", ".metadata.creationTimestamp");

    private static ResourceType Kueue(string kind, string plural, bool namespaced, IReadOnlyList<string> shortNames, IReadOnlyList<PrinterColumn> columns, bool hasStatus = true) => new()
    {
        Group = KueueGroup,
        Version = "v1beta2",
        Kind = kind,
        Plural = plural,
        Namespaced = namespaced,
        HasStatus = hasStatus,
        TracksGeneration = true,
        ShortNames = shortNames,
        Categories = ["kueue"],
        PrinterColumns = columns,
    };
}
