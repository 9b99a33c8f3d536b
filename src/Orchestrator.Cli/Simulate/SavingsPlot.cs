using System.Globalization;
using System.Text;
using Orchestrator.Core.Simulation;

namespace Orchestrator.Cli.Simulate;

/// <summary>An SVG line chart of mean savings against deadline slack (deadline − compute), one line per policy.</summary>
public static class SavingsPlot
{
    private const int Width = 720;
    private const int Height = 420;
    private const int Left = 60;
    private const int Right = 160;
    private const int Top = 30;
    private const int Bottom = 50;
    private static readonly string[] Colors = ["#555555", "#d62728", "#1f77b4", "#ff7f0e", "#9467bd", "#2ca02c"];

    public static string Render(SpotTrace trace, SimulationParameters parameters, IReadOnlyList<string> policies)
    {
        var maxSlack = Math.Max(2 * (parameters.Deadline - parameters.Compute).TotalHours, 24);
        var slacks = Enumerable.Range(0, 13).Select(i => maxSlack * i / 12).ToList();
        var series = policies.ToDictionary(name => name, _ => new List<double>());
        foreach (var slack in slacks)
        {
            var at = parameters with { Deadline = parameters.Compute + TimeSpan.FromHours(slack) };
            foreach (var summary in TraceSimulator.Simulate(trace, at, policies))
            {
                series[summary.Policy].Add(summary.SavingsPercent);
            }
        }

        var low = Math.Min(0, series.Values.SelectMany(values => values).DefaultIfEmpty(0).Min());
        var high = Math.Max(10, series.Values.SelectMany(values => values).DefaultIfEmpty(0).Max());
        double X(double slack) => Left + ((Width - Left - Right) * slack / maxSlack);
        double Y(double savings) => Top + ((Height - Top - Bottom) * (high - savings) / (high - low));

        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" font-family=\"sans-serif\" font-size=\"12\">\n"));
        svg.Append(Invariant($"<text x=\"{Left}\" y=\"18\">Savings vs all-on-demand (%) by deadline slack (h), compute {parameters.Compute.TotalHours:0.#}h</text>\n"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(low)}\" x2=\"{Width - Right}\" y2=\"{Y(low)}\" stroke=\"black\"/>\n"));
        svg.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n"));
        foreach (var slack in slacks.Where((_, i) => i % 2 == 0))
        {
            svg.Append(Invariant($"<text x=\"{X(slack):0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{slack:0.#}</text>\n"));
        }

        for (var tick = 0; tick <= 4; tick++)
        {
            var savings = low + ((high - low) * tick / 4);
            svg.Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(savings) + 4:0.#}\" text-anchor=\"end\">{savings:0}</text>\n"));
        }

        var index = 0;
        foreach (var (name, values) in series)
        {
            var color = Colors[index % Colors.Length];
            var points = string.Join(' ', values.Select((value, i) => Invariant($"{X(slacks[i]):0.#},{Y(value):0.#}")));
            svg.Append(Invariant($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{points}\"/>\n"));
            svg.Append(Invariant($"<text x=\"{Width - Right + 10}\" y=\"{Top + 10 + (18 * index)}\" fill=\"{color}\">{name}</text>\n"));
            index++;
        }

        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
