using Orchestrator.Core.Durations;
using Orchestrator.Core.Preemption;
using Orchestrator.Core.Reconcile;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Orchestrator.Controller.Hosting;

/// <summary>
/// Reads the controller configuration file (docs/configuration.md). Unknown keys are errors, so a typo never
/// silently falls back to a default; every error names the file and the place.
/// </summary>
public static class ControllerConfigFile
{
    public static ReconcileSettings Load(string? path)
    {
        if (path is null)
        {
            return ReconcileSettings.Default;
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControllerUsageException($"--config {path}: {e.Message}");
        }

        return Parse(path, text);
    }

    public static ReconcileSettings Parse(string path, string text)
    {
        ConfigDocument doc;
        try
        {
            doc = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build().Deserialize<ConfigDocument?>(text) ?? new ConfigDocument();
        }
        catch (YamlException e)
        {
            throw new ControllerUsageException($"--config {path}: line {e.Start.Line}: {(e.InnerException ?? e).Message}");
        }

        var settings = ReconcileSettings.Default;
        if (doc.Agent?.Image is { Length: > 0 } image)
        {
            settings = settings with { AgentImage = image };
        }

        if (doc.Agent?.TerminationGracePeriod is { } grace)
        {
            settings = settings with
            {
                PodTerminationGrace = GoDuration.TryParse(grace, out var g) && g >= TimeSpan.FromSeconds(11)
                    ? g
                    : throw new ControllerUsageException($"--config {path}: agent.terminationGracePeriod: \"{grace}\" is not a duration of at least 11s such as 120s"),
            };
        }

        if (doc.Pricing is { } pricing)
        {
            settings = settings with
            {
                DefaultSpotPricePerGpuHour = pricing.SpotPerGpuHour ?? settings.DefaultSpotPricePerGpuHour,
                DefaultOnDemandPricePerGpuHour = pricing.OnDemandPerGpuHour ?? settings.DefaultOnDemandPricePerGpuHour,
            };
        }

        if (doc.OnDemandNodeSelector is { Count: > 0 } selector)
        {
            // Empty or absent: derived from the on-demand LocalQueue's ResourceFlavors (OnDemandPinning).
            settings = settings with { OnDemandNodeSelector = new Dictionary<string, string>(selector, StringComparer.Ordinal) };
        }

        if (doc.NoticeSignals is { Count: > 0 } signals)
        {
            var table = new List<NoticeSignal>();
            for (var i = 0; i < signals.Count; i++)
            {
                var s = signals[i];
                var where = $"--config {path}: noticeSignals[{i}]";
                var kind = s.Source switch
                {
                    "NodeTaint" => NoticeSignalKind.NodeTaint,
                    "PodCondition" => NoticeSignalKind.PodCondition,
                    _ => throw new ControllerUsageException($"{where}.source: \"{s.Source}\" is not NodeTaint or PodCondition"),
                };
                if (string.IsNullOrEmpty(s.Key))
                {
                    throw new ControllerUsageException($"{where}.key: is required");
                }

                if (!GoDuration.TryParse(s.NoticeWindow, out var window) || window <= TimeSpan.Zero)
                {
                    throw new ControllerUsageException($"{where}.noticeWindow: \"{s.NoticeWindow}\" is not a positive duration such as 120s");
                }

                table.Add(new NoticeSignal(kind, s.Key, s.Name ?? s.Key, window, s.EndsAttempt ?? true));
            }

            // Node loss is always a preemption without notice, whatever the table says.
            table.AddRange(NoticeSignalTable.Default.Signals.Where(d => d.Window is null || d.Window == TimeSpan.Zero));
            settings = settings with { Signals = new NoticeSignalTable(table) };
        }

        return settings;
    }

    private sealed class ConfigDocument
    {
        public AgentSection? Agent { get; set; }

        public List<SignalEntry>? NoticeSignals { get; set; }

        public Dictionary<string, string>? OnDemandNodeSelector { get; set; }

        public PricingSection? Pricing { get; set; }
    }

    private sealed class AgentSection
    {
        public string? Image { get; set; }

        public string? ImagePullPolicy { get; set; }

        public string? TerminationGracePeriod { get; set; }

        public Dictionary<string, Dictionary<string, string>>? Resources { get; set; }
    }

    private sealed class SignalEntry
    {
        public string? Name { get; set; }

        public string? Source { get; set; }

        public string? Key { get; set; }

        public string? Effect { get; set; }

        public string? NoticeWindow { get; set; }

        /// <summary>False: the signal asks for a save and the attempt ends only on an eviction (Karpenter's disrupted taint).</summary>
        public bool? EndsAttempt { get; set; }
    }

    private sealed class PricingSection
    {
        public double? SpotPerGpuHour { get; set; }

        public double? OnDemandPerGpuHour { get; set; }
    }
}
