namespace Orchestrator.Sandbox.Resources;

/// <summary>A column of the Table view; <see cref="JsonPath"/> is the CRD additionalPrinterColumns form.</summary>
internal sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Format = "", string Description = "");
