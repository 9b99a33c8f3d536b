// trainctl is being built under issue 6; `trainctl agent ...` (the in-pod checkpoint agent) works already.
if (args is ["agent", .. var agentArgs])
{
    return await Orchestrator.Checkpoints.Agent.AgentProgram.RunAsync(agentArgs);
}

Console.Error.WriteLine("trainctl: not yet available (issue 6)");
return 2;
