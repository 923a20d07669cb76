using System.Globalization;

namespace Sfu.Load.Metrics;

/// <summary>
/// A process's CPU time, resident memory and thread count, read from /proc (Linux). <see cref="PrivateBytes"/> is
/// the resident memory that is neither a file's pages (the runtime's and the assemblies' code) nor shared memory
/// (where .NET maps the code it compiles, writable and executable twice): the heaps, stacks and buffers that grow
/// with what the process serves.
/// </summary>
public readonly record struct ProcessSample(DateTime At, double CpuSeconds, long ResidentBytes, int Threads, long PrivateBytes)
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
            // statm: size, resident, shared (file-backed and shared-memory resident pages), ... in pages.
            string[] statm = File.ReadAllText($"/proc/{pid}/statm").Split(' ');
            long rssPages = long.Parse(statm[1], CultureInfo.InvariantCulture);
            long sharedPages = long.Parse(statm[2], CultureInfo.InvariantCulture);
            return new ProcessSample(DateTime.UtcNow, (utime + stime) / TicksPerSecond, rssPages * Environment.SystemPageSize, threads,
                (rssPages - sharedPages) * Environment.SystemPageSize);
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
