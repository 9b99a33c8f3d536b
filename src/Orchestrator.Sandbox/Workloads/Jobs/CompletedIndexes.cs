using System.Globalization;
using System.Text;

namespace Orchestrator.Sandbox.Workloads.Jobs;

/// <summary>The <c>status.completedIndexes</c> interval format of Indexed Jobs, e.g. <c>"0-2,5"</c>.</summary>
internal static class CompletedIndexes
{
    public static SortedSet<int> Parse(string? text)
    {
        var set = new SortedSet<int>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return set;
        }

        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                set.Add(int.Parse(part, CultureInfo.InvariantCulture));
                continue;
            }

            var first = int.Parse(part[..dash], CultureInfo.InvariantCulture);
            var last = int.Parse(part[(dash + 1)..], CultureInfo.InvariantCulture);
            for (var i = first; i <= last; i++)
            {
                set.Add(i);
            }
        }

        return set;
    }

    public static string? Format(IEnumerable<int> indexes)
    {
        var text = new StringBuilder();
        int? start = null;
        var previous = 0;
        foreach (var index in indexes.Order())
        {
            if (start is not null && index == previous + 1)
            {
                previous = index;
                continue;
            }

            Flush();
            start = index;
            previous = index;
        }

        Flush();
        return text.Length == 0 ? null : text.ToString();

        void Flush()
        {
            if (start is null)
            {
                return;
            }

            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(CultureInfo.InvariantCulture, $"{start}");
            if (previous != start)
            {
                text.Append(CultureInfo.InvariantCulture, $"-{previous}");
            }
        }
    }
}
