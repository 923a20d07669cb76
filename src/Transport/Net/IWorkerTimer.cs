namespace Sfu.Transport.Net;

/// <summary>Something that runs on a <see cref="MediaWorkerLoop"/>'s thread when its due time has come.</summary>
public interface IWorkerTimer
{
    /// <param name="nowMs">The loop clock when the timer ran (at or after its due time).</param>
    void OnTimer(long nowMs);
}

/// <summary>Identifies one scheduled timer so that it can be cancelled; the default value is no timer.</summary>
public readonly record struct WorkerTimerHandle(long Id)
{
    public bool IsScheduled => Id != 0;
}
