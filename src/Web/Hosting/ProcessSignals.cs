using System.Runtime.InteropServices;

namespace Sfu.Web.Hosting;

/// <summary>
/// The operator signals of the replaced server (PROTOCOL.md §5.7), by their Linux numbers: SIGFPE (8) restarts the
/// services, SIGALRM (14) closes every channel but keeps serving, SIGIO (29) logs statistics. SIGINT and SIGTERM
/// are the host's: they stop the server cleanly.
/// </summary>
public sealed class ProcessSignals : IDisposable
{
    public const int Restart = 8;
    public const int SoftReset = 14;
    public const int DumpStatistics = 29;

    private readonly List<PosixSignalRegistration> _registrations = [];

    public ProcessSignals(Action restart, Action softReset, Action dumpStatistics)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        _registrations.Add(Register(Restart, restart));
        _registrations.Add(Register(SoftReset, softReset));
        _registrations.Add(Register(DumpStatistics, dumpStatistics));
    }

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private static PosixSignalRegistration Register(int number, Action action) =>
        PosixSignalRegistration.Create((PosixSignal)number, context =>
        {
            // These signals would otherwise terminate the process.
            context.Cancel = true;
            action();
        });
}
