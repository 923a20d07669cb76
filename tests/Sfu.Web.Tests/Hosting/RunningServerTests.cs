using Sfu.Web.Hosting;

namespace Sfu.Web.Tests.Hosting;

/// <summary>
/// The operator signals are handled from the first moment of the process and across restarts; while no server is
/// running (starting, or between a SIGFPE and the next server) a signal is ignored, never fatal. The signals acting on
/// a running server are covered end to end by ServerProcessTests.
/// </summary>
public sealed class RunningServerTests
{
    [Fact]
    public void Signals_that_arrive_while_no_server_runs_are_ignored_and_ask_for_no_restart()
    {
        var running = new RunningServer();
        TextWriter original = Console.Error;
        using var errors = new StringWriter();
        Console.SetError(errors);
        try
        {
            running.DumpStatistics();
            running.SoftReset();
            running.RequestRestart();
        }
        finally
        {
            Console.SetError(original);
        }

        running.Detach().Should().BeFalse("a restart asked for before any server ran is not carried over");
        errors.ToString().Should().Contain("SIGIO ignored").And.Contain("SIGALRM ignored").And.Contain("SIGFPE ignored");
    }
}
