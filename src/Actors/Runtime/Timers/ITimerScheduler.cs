namespace Sfu.Actors.Runtime;

/// <summary>
/// An actor's own timers, keyed by any equatable object. Starting a key again replaces its timer; a message
/// of a timer cancelled or replaced is never delivered, even if it already sits in the mailbox. Timers are
/// cancelled when the actor stops or restarts. Use only from the actor's thread. Timer messages arrive with
/// <see cref="ActorRefs.NoSender"/> as sender.
/// </summary>
public interface ITimerScheduler
{
    void StartSingleTimer(object key, object msg, TimeSpan timeout);

    void StartPeriodicTimer(object key, object msg, TimeSpan interval);

    void StartPeriodicTimer(object key, object msg, TimeSpan initialDelay, TimeSpan interval);

    /// <summary>True from start until cancelled, or for a single timer until its message is delivered.</summary>
    bool IsTimerActive(object key);

    void Cancel(object key);

    void CancelAll();
}
