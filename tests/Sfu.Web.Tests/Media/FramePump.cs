namespace Sfu.Web.Tests.Media;

/// <summary>
/// A publisher that keeps publishing while the test changes something: one frame per interval, sent on the
/// participants' loop, until disposed. Tests wait on what it has sent instead of sleeping.
/// </summary>
public sealed class FramePump : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private int _framesSent;

    /// <param name="sendFrame">Sends frame number n (0, 1, 2…) on the loop thread.</param>
    public FramePump(MediaCall call, Action<int> sendFrame, int intervalMs = 30)
    {
        _running = RunAsync(call, sendFrame, intervalMs, _stop.Token);
    }

    public int FramesSent => Volatile.Read(ref _framesSent);

    /// <summary>Waits until <paramref name="frames"/> more frames have gone out.</summary>
    public Task WaitForFramesAsync(int frames)
    {
        int target = FramesSent + frames;
        return MediaCall.WaitUntilAsync(() => FramesSent >= target, $"{frames} more frames were sent");
    }

    /// <summary>
    /// Waits until <paramref name="frames"/> frames in a row went out while <paramref name="receivedCount"/> did not
    /// move: the receiver gets nothing of what is being sent.
    /// </summary>
    public async Task WaitUntilNothingArrivesAsync(Func<int> receivedCount, int frames, string what)
    {
        int count = receivedCount();
        int since = FramesSent;
        await MediaCall.WaitUntilAsync(() =>
        {
            int now = receivedCount();
            if (now != count)
            {
                count = now;
                since = FramesSent;
            }

            return FramesSent - since >= frames;
        }, what);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private async Task RunAsync(MediaCall call, Action<int> sendFrame, int intervalMs, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            int frame = FramesSent;
            await call.OnLoopAsync(() => sendFrame(frame));
            Interlocked.Increment(ref _framesSent);
            try
            {
                await Task.Delay(intervalMs, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
