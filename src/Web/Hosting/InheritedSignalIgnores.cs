using System.Runtime.InteropServices;

namespace Sfu.Web.Hosting;

/// <summary>
/// A process started in the background by a shell without job control (`server &` in a script, a CI runner, some
/// supervisors) inherits SIGINT and SIGQUIT set to "ignore" (POSIX: ignored signals stay ignored across exec), and
/// .NET then leaves them ignored rather than giving them to the host. The operator contract (PROTOCOL.md §5.7) is
/// that SIGINT stops the server cleanly like SIGTERM wherever it was started, so the program puts the default
/// disposition back on the stop signals before anything registers handlers; signals that were not ignored are left
/// untouched.
/// </summary>
public static partial class InheritedSignalIgnores
{
    private const int SigInt = 2;
    private const int SigQuit = 3;
    private const int SigTerm = 15;
    private const nint SigIgn = 1;

    // Room for the C library's struct sigaction (152 bytes on Linux x86-64 and arm64); the handler is its first field.
    private const int SigactionSize = 256;

    /// <summary>Restores the default disposition of SIGINT, SIGQUIT and SIGTERM where they were inherited ignored.</summary>
    /// <returns>The signals that were ignored and are now restored.</returns>
    public static IReadOnlyList<int> RestoreStopSignals()
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var restored = new List<int>();
        foreach (int signal in (int[])[SigInt, SigQuit, SigTerm])
        {
            if (RestoreIfIgnored(signal))
            {
                restored.Add(signal);
            }
        }

        return restored;
    }

    private static unsafe bool RestoreIfIgnored(int signal)
    {
        byte* current = stackalloc byte[SigactionSize];
        new Span<byte>(current, SigactionSize).Clear();
        if (Sigaction(signal, null, current) != 0 || *(nint*)current != SigIgn)
        {
            return false;
        }

        // All zero: SIG_DFL, an empty mask, no flags.
        byte* defaults = stackalloc byte[SigactionSize];
        new Span<byte>(defaults, SigactionSize).Clear();
        return Sigaction(signal, defaults, null) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sigaction")]
    private static unsafe partial int Sigaction(int signal, byte* action, byte* previous);
}
