namespace Sfu.Actors.Configuration;

/// <summary>
/// HOCON spec "Duration format": <c>300ms</c>, <c>10s</c>, <c>1.5 h</c>, <c>60 seconds</c>; a bare
/// number is milliseconds. Units are lowercase, exactly as the spec lists them.
/// </summary>
public static class HoconDuration
{
    private static readonly Dictionary<string, decimal> TicksPerUnit = new(StringComparer.Ordinal)
    {
        ["ns"] = 0.01m, ["nanosecond"] = 0.01m, ["nanoseconds"] = 0.01m,
        ["us"] = 10m, ["microsecond"] = 10m, ["microseconds"] = 10m,
        ["ms"] = TimeSpan.TicksPerMillisecond, ["millisecond"] = TimeSpan.TicksPerMillisecond, ["milliseconds"] = TimeSpan.TicksPerMillisecond,
        ["s"] = TimeSpan.TicksPerSecond, ["second"] = TimeSpan.TicksPerSecond, ["seconds"] = TimeSpan.TicksPerSecond,
        ["m"] = TimeSpan.TicksPerMinute, ["minute"] = TimeSpan.TicksPerMinute, ["minutes"] = TimeSpan.TicksPerMinute,
        ["h"] = TimeSpan.TicksPerHour, ["hour"] = TimeSpan.TicksPerHour, ["hours"] = TimeSpan.TicksPerHour,
        ["d"] = TimeSpan.TicksPerDay, ["day"] = TimeSpan.TicksPerDay, ["days"] = TimeSpan.TicksPerDay,
    };

    /// <summary>What error messages say is accepted.</summary>
    public const string AcceptedForms = "a duration such as 300ms, 10s, 5m, 1h or 60 seconds (a bare number is milliseconds)";

    /// <summary>Never throws; false for anything that is not a duration or does not fit a TimeSpan.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (text is null || !HoconUnits.TrySplit(text, out var number, out var unit))
        {
            return false;
        }

        var scale = unit.Length == 0 ? TimeSpan.TicksPerMillisecond : TicksPerUnit.GetValueOrDefault(unit);
        if (scale == 0 || !HoconUnits.TryScale(number, scale, out var ticks))
        {
            return false;
        }

        duration = TimeSpan.FromTicks(ticks);
        return true;
    }
}
