using System.Collections.Concurrent;

namespace Sfu.Actors.Runtime;

/// <summary>
/// The two queues of an actor and the work item that drains them. Any thread may post; one run at a time
/// drains, guarded by the <c>_scheduled</c> flag: whoever flips it from 0 to 1 hands the mailbox to the
/// dispatcher, and the run clears it when done.
///
/// A run handles every system message first (lifecycle, supervision, death watch), then at most
/// <c>throughput</c> user messages, re-checking system messages after each one so that a stop or a failure
/// decision overtakes the user backlog. It reschedules itself if work is left.
///
/// Memory visibility: the state an actor writes during one run is published by the interlocked clear of the
/// flag at its end, and read by the next run after its interlocked set, even on another thread.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly ActorCell _cell;
    private readonly IDispatcher _dispatcher;
    private readonly int _throughput;
    private int _scheduled;

    internal Mailbox(ActorCell cell, IDispatcher dispatcher, int throughput)
    {
        _cell = cell;
        _dispatcher = dispatcher;
        _throughput = throughput;
    }

    internal void PostUser(Envelope envelope)
    {
        _user.Enqueue(envelope);
        ScheduleIfIdle();
    }

    internal void PostSystem(SystemMessage message)
    {
        _system.Enqueue(message);
        ScheduleIfIdle();
    }

    public void Execute()
    {
        var previous = ActorCell.EnterRun(_cell);
        try
        {
            Run();
        }
        catch (Exception failure)
        {
            // The cell guards user code itself; reaching this is a runtime bug, and it must not reach the pool.
            _cell.LogRuntimeFailure(failure);
        }
        finally
        {
            ActorCell.ExitRun(previous);

            // Interlocked (a full fence): a poster enqueues (interlocked too) and then tries the flag; the run
            // clears the flag and then looks at the queues. One of the two sides always sees the other's write,
            // so a message is never left behind in an idle mailbox.
            Interlocked.Exchange(ref _scheduled, 0);
            if (HasWorkToDo())
            {
                ScheduleIfIdle();
            }
        }
    }

    private void Run()
    {
        ProcessSystemMessages();
        for (var processed = 0;
             processed < _throughput && _cell.CanProcessUserMessages && _user.TryDequeue(out var envelope);
             processed++)
        {
            _cell.Invoke(envelope);
            ProcessSystemMessages();
        }

        if (_cell.IsTerminated)
        {
            DrainUserMessagesToDeadLetters();
        }
    }

    private void ProcessSystemMessages()
    {
        while (_system.TryDequeue(out var message))
        {
            _cell.SystemInvoke(message);
        }
    }

    private void DrainUserMessagesToDeadLetters()
    {
        while (_user.TryDequeue(out var envelope))
        {
            _cell.System.PublishDeadLetter(envelope.Message, envelope.Sender, _cell.Self);
        }
    }

    // A suspended actor (failed, awaiting an async handler, stopping) keeps its user messages without
    // rescheduling for them: the system message that lifts the suspension schedules the next run.
    private bool HasWorkToDo() =>
        !_system.IsEmpty || (!_user.IsEmpty && (_cell.CanProcessUserMessages || _cell.IsTerminated));

    private void ScheduleIfIdle()
    {
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0)
        {
            _dispatcher.Schedule(this);
        }
    }
}
