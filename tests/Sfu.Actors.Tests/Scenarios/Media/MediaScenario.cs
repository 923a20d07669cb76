using System.Text.Json.Nodes;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.TestKit;

namespace Sfu.Actors.Tests.Scenarios.Media;

/// <summary>A WebRTC channel whose router is a <see cref="ScriptedRouter"/> reporting to <see cref="Router"/>.</summary>
public abstract class MediaScenario : ChannelScenario
{
    protected MediaScenario()
    {
        Router = CreateTestProbe("router");
    }

    /// <summary>Receives every command the sessions send the router.</summary>
    protected TestProbe Router { get; }

    /// <summary>A WebRTC channel whose routers come from <paramref name="mediaPlane"/>, scripted ones when null.</summary>
    protected IActorRef CreateWebRtcChannel(Sfu.Actors.Media.IMediaPlane? mediaPlane = null)
    {
        var setup = new ChannelSetup("5c0e9d2a-1b7f-4c3e-9a6d-8f2e1d0c3b4a", "127.0.0.1", null, WebRtcEnabled: true,
            DateTimeOffset.UnixEpoch, Limits(), Signaling, mediaPlane ?? new ScriptedMediaPlane(Router.Ref));
        return Sys.ActorOf(Props.Create(() => new ChannelActor(setup)), "channel");
    }

    /// <summary>Joins, receives INIT_TRANSPORTS and answers it with these capabilities: the session is connected.</summary>
    protected (IActorRef Session, RecordingBus Bus) JoinConnected(IActorRef channel, long id, string capabilities = "{\"codecs\":[]}")
    {
        var (session, bus) = Join(channel, id);
        BusRequested init = ExpectMsg<BusRequested>(r => r.Client == bus.Client && r.Name == "INIT_TRANSPORTS");
        bus.Answer(init.RequestId, capabilities);
        return (session, bus);
    }

    /// <summary>Sends INIT_PRODUCER and returns the producer id of the response.</summary>
    protected string Produce(IActorRef session, RecordingBus bus, string type, string kind)
    {
        string requestId = $"c_{bus.Client}_{type}";
        session.Tell(new Sfu.Actors.Sessions.ClientRequest(requestId, "INIT_PRODUCER",
            System.Text.Json.JsonDocument.Parse($"{{\"type\":\"{type}\",\"kind\":\"{kind}\",\"rtpParameters\":{{}}}}").RootElement.Clone()));
        BusSent response = FishForMessage<BusSent>(m => m is BusSent s && s.Client == bus.Client && s.Name == "response:" + requestId);
        return response.Payload!["id"]!.GetValue<string>();
    }

    /// <summary>
    /// Advances virtual time in steps, letting the actors catch up between steps (their replies travel through
    /// thread-pool continuations), until a matching message arrives; returns it and the virtual time it took.
    /// </summary>
    protected (T Message, TimeSpan Elapsed) AdvanceUntil<T>(Predicate<T> isMatch, TimeSpan step, TimeSpan limit)
    {
        TimeSpan elapsed = TimeSpan.Zero;
        while (elapsed <= limit)
        {
            Advance(step);
            elapsed += step;
            try
            {
                object next = ReceiveOne(TimeSpan.FromMilliseconds(100));
                if (next is T typed && isMatch(typed))
                {
                    return (typed, elapsed);
                }
            }
            catch (Sfu.Actors.TestKit.TestKitAssertionException)
            {
                // Nothing yet: advance again.
            }
        }

        throw new Xunit.Sdk.XunitException($"No matching {typeof(T).Name} within {limit} of virtual time.");
    }

    /// <summary>Fails when a request of this name reaches a client within <paramref name="duration"/>.</summary>
    protected void ExpectNoRequest(string name, TimeSpan duration)
    {
        var until = DateTime.UtcNow + duration;
        while (DateTime.UtcNow < until)
        {
            try
            {
                object next = ReceiveOne(until - DateTime.UtcNow);
                (next is BusRequested request && request.Name == name).Should().BeFalse($"no {name} was expected, got {next}");
            }
            catch (Sfu.Actors.TestKit.TestKitAssertionException)
            {
                return;
            }
        }
    }

    protected static JsonNode? Member(BusRequested request, string name) => request.Payload?[name];
}
