namespace Sfu.Actors.Runtime;

/// <summary>
/// Decides on which thread a mailbox runs. A mailbox schedules itself at most once at a time (its CAS flag),
/// so a dispatcher may run the work items it gets on any number of threads without an actor ever running on
/// two threads at once.
/// </summary>
public interface IDispatcher
{
    void Schedule(IThreadPoolWorkItem work);
}
