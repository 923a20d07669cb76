using Sfu.Actors.Runtime;
using Sfu.Transport.Net;

namespace Sfu.Actors.Media;

/// <summary>
/// Runs mailboxes on a media worker's own thread, between its packet batches: actors placed here (a channel's router)
/// call the worker's transports, producers and consumers directly, with no lock, because they share its thread
/// (DESIGN.md, "Two planes"). Once the worker stopped, the pool's loop hands what is posted to the thread pool
/// instead, so that those actors can still stop.
/// </summary>
public sealed class MediaWorkerDispatcher(MediaWorkerLoop loop) : IDispatcher
{
    public void Schedule(IThreadPoolWorkItem work) => loop.Post(work);
}
