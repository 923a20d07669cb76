using System.Globalization;
using System.Text;

namespace Sfu.Load.Metrics;

/// <summary>One point of the run's timeline: seconds since media started, forwarded packets/s, server cores.</summary>
public readonly record struct TimelinePoint(double Seconds, double PacketsPerSecond, double? ServerCores);

/// <summary>
/// Draws the run's timeline as a small self-contained SVG: forwarded packets per second (left axis) and the server's
/// cores used (right axis) over time, so a reader sees warm-up, steady state and any stall at a glance.
/// </summary>
public static class TimelinePlot
{
    private const int Width = 720;
    private const int Height = 320;
    private const int Left = 70;
    private const int Right = 60;
    private const int Top = 30;
    private const int Bottom = 40;

    public static string Svg(IReadOnlyList<TimelinePoint> points, string title)
    {
        double maxSeconds = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Seconds));
        double maxPps = NiceCeiling(points.Count == 0 ? 1 : points.Max(p => p.PacketsPerSecond));
        double maxCores = NiceCeiling(points.Where(p => p.ServerCores is not null).Select(p => p.ServerCores!.Value).DefaultIfEmpty(1).Max());
        double plotWidth = Width - Left - Right;
        double plotHeight = Height - Top - Bottom;
        string X(double seconds) => Number(Left + plotWidth * seconds / maxSeconds);
        string Y(double value, double max) => Number(Top + plotHeight * (1 - value / max));

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="18" font-size="14">{Escape(title)}</text>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect x="{Left}" y="{Top}" width="{plotWidth}" height="{plotHeight}" fill="none" stroke="#999"/>""").AppendLine();
        for (int tick = 0; tick <= 4; tick++)
        {
            double fraction = tick / 4.0;
            string y = Y(fraction, 1);
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{y}" y2="{y}" stroke="#eee"/>""").AppendLine();
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 6}" y="{y}" text-anchor="end" dy="4" fill="#1f5fbf">{maxPps * fraction:0}</text>""").AppendLine();
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right + 6}" y="{y}" dy="4" fill="#c0392b">{maxCores * fraction:0.##}</text>""").AppendLine();
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(maxSeconds * fraction)}" y="{Height - Bottom + 16}" text-anchor="middle">{maxSeconds * fraction:0} s</text>""").AppendLine();
        }

        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left}" y="{Height - 6}" fill="#1f5fbf">forwarded packets/s</text>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Width - Right}" y="{Height - 6}" text-anchor="end" fill="#c0392b">server cores used</text>""").AppendLine();
        Polyline(svg, points.Select(p => $"{X(p.Seconds)},{Y(p.PacketsPerSecond, maxPps)}"), "#1f5fbf");
        Polyline(svg, points.Where(p => p.ServerCores is not null).Select(p => $"{X(p.Seconds)},{Y(p.ServerCores!.Value, maxCores)}"), "#c0392b");
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Polyline(StringBuilder svg, IEnumerable<string> coordinates, string colour) =>
        svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{colour}" stroke-width="2" points="{string.Join(' ', coordinates)}"/>""").AppendLine();

    /// <summary>The next 1, 2 or 5 times a power of ten at or above <paramref name="value"/>: round axis labels.</summary>
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1.0, 2.0, 5.0, 10.0 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
