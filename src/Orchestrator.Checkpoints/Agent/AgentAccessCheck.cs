using System.Net;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Orchestrator.Api;
using Orchestrator.Kubernetes.Client;

namespace Orchestrator.Checkpoints.Agent;

/// <summary>
/// Asks the API server (SelfSubjectAccessReview, which every authenticated user may create) whether the agent's
/// ServiceAccount may do what the pod channel needs on its own pod, and writes the answer as the container's termination
/// message. A denied watch or patch is otherwise invisible: the errors stay in the agent's log and no save request arrives.
/// The termination message needs no permission at all; the kubelet copies it into the pod status the controller reads.
/// </summary>
public sealed class AgentAccessCheck(IKubernetes client, AgentOptions options, ILogger logger)
{
    /// <summary>What <see cref="KubernetesPodChannel"/> does on its own pod.</summary>
    private static readonly string[] Verbs = ["watch", "patch"];

    /// <summary>The verbs denied (empty when all are allowed); null when the API server could not be asked.</summary>
    public async Task<IReadOnlyList<string>?> RunAsync(CancellationToken cancellationToken)
    {
        var denied = new List<string>();
        foreach (var verb in Verbs)
        {
            var review = new V1SelfSubjectAccessReview
            {
                Spec = new V1SelfSubjectAccessReviewSpec
                {
                    ResourceAttributes = new V1ResourceAttributes { NamespaceProperty = options.Namespace, Verb = verb, Resource = "pods", Name = options.PodName },
                },
            };
            try
            {
                var answer = await client.AuthorizationV1.CreateSelfSubjectAccessReviewAsync(review, cancellationToken: cancellationToken);
                if (answer.Status?.Allowed != true)
                {
                    denied.Add(verb);
                }
            }
            catch (Exception e) when (ApiErrors.StatusCode(e) is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                // Not even allowed to ask: the token is rejected (401) or the user is anonymous.
                denied.Add(verb);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("could not check the agent's permissions: {Error}", e.Message);
                return null;
            }
        }

        var message = denied.Count == 0 ? AgentTerminationMessage.Permitted
            : AgentTerminationMessage.ForbiddenPrefix + $"the agent's ServiceAccount may not {string.Join(", ", denied)} pods (its own pod {options.PodName}) in namespace {options.Namespace}";
        if (denied.Count > 0)
        {
            logger.LogError("{Message}: save requests cannot reach this pod and checkpoints are not reported on it", message);
        }

        Write(message);
        return denied;
    }

    private void Write(string message)
    {
        try
        {
            File.WriteAllText(options.TerminationMessagePath, message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("could not write the termination message to {Path}: {Error}", options.TerminationMessagePath, e.Message);
        }
    }
}
