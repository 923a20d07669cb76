using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;

namespace Sfu.Actors.Sessions;

/// <summary>
/// "Consume session P for session C" (PROTOCOL.md §5.5), as one asynchronous run outside the actor: for each of P's
/// producers in order, create a paused consumer if there is none (or if the producer behind it changed — our fix of
/// upstream's stale consumers), announce it with INIT_CONSUMER and wait for the client, then sync its paused state to
/// the producer's. The run works on a copy of the session's consumers of P and returns the new set, which the actor
/// applies; the first failure ends the run (the actor counts it and schedules a recovery).
/// </summary>
public sealed class ConsumptionRun(
    SessionId producerSession,
    IReadOnlyList<PublishedProducer> producers,
    IReadOnlyDictionary<string, ConsumerEntry> existing,
    string downloadTransportId,
    JsonElement clientCapabilities,
    IActorRef router,
    IClientBus bus,
    TimeSpan routerTimeout,
    TimeSpan requestTimeout)
{
    /// <summary>Mids and numbering for SDP clients; the default suits mediasoup-client.</summary>
    public ConsumptionOptions Options { get; init; } = ConsumptionOptions.Default;

    public async Task<ConsumptionOutcome> RunAsync()
    {
        var consumers = new Dictionary<string, ConsumerEntry>(existing);
        foreach (var (type, stale) in existing)
        {
            // Producers that are gone, or were replaced: their consumers go too (the client replaces a type on a
            // new INIT_CONSUMER, and a closed producer's consumers are closed by the router).
            if (!producers.Any(p => p.Type == type && p.ProducerId == stale.ProducerId))
            {
                router.Tell(new CloseConsumer(stale.Id));
                consumers.Remove(type);
            }
        }

        foreach (PublishedProducer producer in producers)
        {
            string? creating = null;
            try
            {
                if (!consumers.TryGetValue(producer.Type, out ConsumerEntry? consumer))
                {
                    object reply = await router.Ask(
                        new Consume(downloadTransportId, producer.ProducerId, clientCapabilities, Options.MidOf(producer.Type), Options.ClientNumbering),
                        routerTimeout).ConfigureAwait(false);
                    if (reply is CannotConsume)
                    {
                        continue;
                    }

                    var consumed = (Consumed)reply;
                    creating = consumed.ConsumerId;
                    // Sent at once rather than in the next 300 ms batch: every remote stream of a joining client
                    // waits on its INIT_CONSUMER, so the batch delay would be most of its join latency (R39 allows it).
                    await bus.RequestAsync("INIT_CONSUMER", InitConsumerPayload(consumed, producer), requestTimeout, immediate: true)
                        .ConfigureAwait(false);
                    consumer = new ConsumerEntry(consumed.ConsumerId, producer.ProducerId, consumed.Kind, Paused: true);
                    consumers[producer.Type] = consumer;
                    creating = null;
                }

                if (consumer.Paused != producer.Paused)
                {
                    await router.Ask<ConsumerPausedSet>(new SetConsumerPaused(consumer.Id, producer.Paused), routerTimeout).ConfigureAwait(false);
                    consumers[producer.Type] = consumer with { Paused = producer.Paused };
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Close and forget the consumer this step was about (§5.5 step 4); the rest waits for the recovery.
                string? failed = creating ?? (consumers.TryGetValue(producer.Type, out ConsumerEntry? current) ? current.Id : null);
                if (failed is not null)
                {
                    router.Tell(new CloseConsumer(failed));
                }

                consumers.Remove(producer.Type);
                return new ConsumptionOutcome(producerSession, consumers, producer.ProducerId, e);
            }
        }

        return new ConsumptionOutcome(producerSession, consumers, null, null);
    }

    private JsonObject InitConsumerPayload(Consumed consumed, PublishedProducer producer) => new()
    {
        ["id"] = consumed.ConsumerId,
        ["kind"] = consumed.Kind,
        ["producerId"] = producer.ProducerId,
        ["rtpParameters"] = consumed.RtpParameters.DeepClone(),
        ["sessionId"] = producerSession.ToJson(),
        ["active"] = !producer.Paused,
        ["type"] = producer.Type,
    };
}

/// <summary>What a consumption run leaves: the consumers of the producing session, and the failure that ended it.</summary>
public sealed record ConsumptionOutcome(
    SessionId ProducerSession,
    IReadOnlyDictionary<string, ConsumerEntry> Consumers,
    string? FailedProducerId,
    Exception? Failure);
