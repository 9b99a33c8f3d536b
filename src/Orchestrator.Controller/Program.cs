// The controller host is being built under issue 5; until then the entry point only explains that.
Console.Error.WriteLine("orchestrator-controller: not yet available (issue 5)");
return 2;
