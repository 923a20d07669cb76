using Sfu.Actors.Media;
using Sfu.Actors.Runtime;
using ActorTestKit = Sfu.Actors.TestKit.TestKit;

namespace Sfu.Actors.Tests.Media;

/// <summary>
/// A channel's router goes to the least-loaded media worker (DESIGN.md, media plane), and the load of a worker is the
/// number of routers running on it, however often they restart or are replaced.
/// </summary>
public sealed class RouterPlacementTests : ActorTestKit
{
    private readonly MediaPlaneFixture _media = MediaPlaneFixture.Start(workers: 2);

    [Fact]
    public void A_router_restarted_many_times_still_counts_once_and_the_next_channel_goes_to_the_other_worker()
    {
        MediaWorker first = _media.Pool.Workers[0];
        MediaWorker second = _media.Pool.Workers[1];
        Props props = _media.Plane.RouterProps("channel-a");
        props.Dispatcher.Should().BeSameAs(first.Dispatcher, "on a tie the first worker is chosen");
        IActorRef parent = Sys.ActorOf(Props.Create(() => new RestartingParent(props)), "parent");
        AwaitRouterRunning(parent);

        for (int restart = 0; restart < 5; restart++)
        {
            parent.Tell(KillChild.Instance);
            AwaitRouterRunning(parent);
        }

        first.RouterCount.Should().Be(1, "one router runs on the first worker, whatever its restarts");
        second.RouterCount.Should().Be(0);
        _media.Plane.RouterProps("channel-b").Dispatcher.Should().BeSameAs(second.Dispatcher, "the second worker has less load");
        second.RouterCount.Should().Be(1);
    }

    [Fact]
    public void A_stopped_router_no_longer_counts_on_its_worker()
    {
        MediaWorker worker = _media.Pool.Workers[0];
        IActorRef router = Sys.ActorOf(_media.Plane.RouterProps("channel-a"), "router");
        AwaitRouterRunning(router);
        worker.RouterCount.Should().Be(1);

        Watch(router);
        Sys.Stop(router);
        ExpectTerminated(router);

        worker.RouterCount.Should().Be(0);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing); // the routers stop while their workers still run
        if (disposing)
        {
            _media.Dispose();
        }
    }

    /// <summary>A round trip through the router's mailbox: the incarnation that answers has started.</summary>
    private void AwaitRouterRunning(IActorRef router)
    {
        router.Tell(new GetProducerBitrates([]), TestActor);
        ExpectMsg<ProducerBitrates>(TimeSpan.FromSeconds(10));
    }
}
