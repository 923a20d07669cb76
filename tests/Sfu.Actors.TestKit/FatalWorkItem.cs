namespace Sfu.Actors.TestKit;

/// <summary>
/// Posted to a media worker's loop, it throws an exception no handler may swallow: the fault that ends the worker's
/// thread, injected through the loop's ordinary door (never on the packet path).
/// </summary>
public sealed class FatalWorkItem : IThreadPoolWorkItem
{
    public void Execute() => throw new InsufficientExecutionStackException("injected: the worker's state is lost");
}
