using System.Globalization;

namespace Sfu.Load.Metrics;

/// <summary>A process's CPU time, resident memory and thread count, read from /proc (Linux).</summary>
public readonly record struct ProcessSample(DateTime At, double CpuSeconds, long ResidentBytes, int Threads)
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static ProcessSample? Read(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the command name (which may contain spaces) start after the last ')'.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            double utime = double.Parse(fields[11], CultureInfo.InvariantCulture);
            double stime = double.Parse(fields[12], CultureInfo.InvariantCulture);
            int threads = int.Parse(fields[17], CultureInfo.InvariantCulture);
            long rssPages = long.Parse(File.ReadAllText($"/proc/{pid}/statm").Split(' ')[1], CultureInfo.InvariantCulture);
            return new ProcessSample(DateTime.UtcNow, (utime + stime) / TicksPerSecond, rssPages * Environment.SystemPageSize, threads);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Cores used between two samples.</summary>
    public static double CoresBetween(ProcessSample earlier, ProcessSample later)
    {
        double wall = (later.At - earlier.At).TotalSeconds;
        return wall > 0 ? (later.CpuSeconds - earlier.CpuSeconds) / wall : 0;
    }
}
