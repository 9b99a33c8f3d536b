using Orchestrator.CrdGen;

// Regenerates crds/orchestrator.dev_trainingruns.yaml from the C# types in Orchestrator.Api.
// Usage: dotnet run --project src/Orchestrator.CrdGen [-- <output file>]
var output = args.Length > 0 ? Path.GetFullPath(args[0]) : CrdFile.DefaultPath();
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
File.WriteAllText(output, CrdGenerator.GenerateYaml());
Console.WriteLine($"wrote {output}");
