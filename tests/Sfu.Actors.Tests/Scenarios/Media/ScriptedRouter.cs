using System.Text.Json.Nodes;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Tests.Scenarios.Media;

/// <summary>
/// A channel's router as the sessions see it, for the signaling scenarios: it answers the router protocol with
/// numbered ids and reports every command to a probe. It moves no media — the real router is exercised by the
/// media integration and browser tests; here the subject is the sessions' and channel's conversation with it.
/// </summary>
public sealed class ScriptedRouter : ReceiveActor
{
    /// <summary>Client capabilities containing this member cannot consume anything (§6.6.5).</summary>
    public const string CannotConsumeMarker = "cannotConsume";

    /// <summary>Creating the transports of this session makes the router throw: a media failure.</summary>
    public const long FailingSession = 99;

    private readonly Dictionary<string, string> _kindByProducer = [];
    private int _next;

    public ScriptedRouter(IActorRef probe)
    {
        Receive<CreateSessionTransports>(m =>
        {
            probe.Tell(m);
            if (m.Session.Equals(Sfu.Actors.Sessions.SessionId.FromNumber(FailingSession)))
            {
                throw new InvalidOperationException("injected media failure");
            }

            int n = ++_next;
            Sender.Tell(new SessionTransportsCreated(
                new JsonObject { ["codecs"] = new JsonArray(), ["headerExtensions"] = new JsonArray() },
                new JsonObject { ["audio"] = new JsonObject(), ["video"] = new JsonObject() },
                new TransportDescription($"upload-{n}", new JsonObject { ["id"] = $"upload-{n}" }),
                new TransportDescription($"download-{n}", new JsonObject { ["id"] = $"download-{n}" })));
        });
        Receive<ConnectTransport>(m =>
        {
            probe.Tell(m);
            Sender.Tell(new TransportConnected(m.TransportId));
        });
        Receive<Produce>(m =>
        {
            probe.Tell(m);
            string id = $"producer-{++_next}";
            _kindByProducer[id] = m.Kind;
            Sender.Tell(new Produced(id));
        });
        Receive<Consume>(m =>
        {
            probe.Tell(m);
            if (m.ClientCapabilities.TryGetProperty(CannotConsumeMarker, out _))
            {
                Sender.Tell(new CannotConsume(m.ProducerId));
                return;
            }

            Sender.Tell(new Consumed($"consumer-{++_next}", _kindByProducer.GetValueOrDefault(m.ProducerId, "audio"),
                new JsonObject { ["mid"] = _next.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        });
        Receive<SetConsumerPaused>(m =>
        {
            probe.Tell(m);
            Sender.Tell(new ConsumerPausedSet(m.ConsumerId, m.Paused));
        });
        Receive<GetProducerBitrates>(m =>
            Sender.Tell(new ProducerBitrates(m.ProducerIds.ToDictionary(id => id, id => 1000L * (_kindByProducer[id] == "audio" ? 32 : 500)))));
        Receive<object>(m => probe.Tell(m));
    }
}
