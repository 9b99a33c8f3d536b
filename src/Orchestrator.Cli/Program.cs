// trainctl is being built under issue 6; until then the entry point only explains that.
Console.Error.WriteLine("trainctl: not yet available (issue 6)");
return 2;
