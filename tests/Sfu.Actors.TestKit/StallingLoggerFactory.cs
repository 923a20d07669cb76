using Microsoft.Extensions.Logging;

namespace Sfu.Actors.TestKit;

/// <summary>
/// A logger factory whose loggers stall the thread that writes a line containing <c>stallOn</c> until the test
/// releases it. The actor writing that line is stuck in the middle of a message, as behind a blocked stdout: it
/// stops answering while the rest of the system runs. Nothing stalls once released; disposing releases.
/// </summary>
public sealed class StallingLoggerFactory(string stallOn) : ILoggerFactory
{
    private readonly ManualResetEventSlim _stalled = new(false);
    private readonly ManualResetEventSlim _released = new(false);

    /// <summary>Waits until some thread is stalled on the line; false when none did within the timeout.</summary>
    public bool WaitUntilStalled(TimeSpan timeout) => _stalled.Wait(timeout);

    public void Release() => _released.Set();

    public ILogger CreateLogger(string categoryName) => new StallingLogger(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
        // Waiters may still be inside Wait; the events stay undisposed so that they wake up cleanly.
        Release();
    }

    private void Write(string line)
    {
        if (!_released.IsSet && line.Contains(stallOn, StringComparison.Ordinal))
        {
            _stalled.Set();
            _released.Wait();
        }
    }

    private sealed class StallingLogger(StallingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            factory.Write(formatter(state, exception));
    }
}
