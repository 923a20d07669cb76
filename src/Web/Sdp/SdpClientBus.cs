using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Transport.Ortc;
using Sfu.Transport.Sdp;
using Sfu.Transport.Sdp.Ortc;

namespace Sfu.Web.Sdp;

/// <summary>Whether an SDP client sends into the channel (WHIP) or plays one participant from it (WHEP).</summary>
public enum SdpClientRole
{
    Publish,
    Play,

    /// <summary>A Beep client: sends its microphone and receives one track, the conversation's dominant speaker.</summary>
    Converse,
}

/// <summary>Why an offer got no answer, with the HTTP status that says so.</summary>
public sealed class SdpSetupException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}

/// <summary>
/// The client end of a session's bus for a client that speaks SDP instead of the Odoo protocol. It plays the part
/// mediasoup-client plays (PROTOCOL.md §5.2–§5.5) on the client's behalf, in process: it answers INIT_TRANSPORTS with
/// the capabilities of the offer, connects the transport with the offer's fingerprint, produces what the offer sends
/// and accepts the consumers of what it receives, then writes the SDP answer from the transport's parameters. The
/// session actor, the channel and the router work exactly as for a browser running the bundle, so the other
/// participants see an ordinary participant (INIT_CONSUMER, S_INFO_CHANGE, SESSION_LEAVE).
/// </summary>
public sealed class SdpClientBus : IClientBus
{
    private readonly SessionDescription _offer;
    private readonly SdpClientRole _role;
    private readonly IReadOnlySet<string> _awaitedTypes;
    private readonly string _streamId;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _log;
    private readonly TaskCompletionSource<IActorRef> _session = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _consumersReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SdpForwardedStream> _consumers = new(StringComparer.Ordinal);
    private int _requestCounter;
    private int _transportsSeen;
    private volatile bool _open = true;

    /// <param name="awaitedTypes">For <see cref="SdpClientRole.Play"/>: the types whose consumers the answer describes.</param>
    /// <param name="streamId">The msid stream id of what this client plays (RFC 8830).</param>
    public SdpClientBus(
        SessionDescription offer,
        SdpClientRole role,
        string remoteAddress,
        IReadOnlySet<string> awaitedTypes,
        string streamId,
        TimeSpan requestTimeout,
        ILogger log)
    {
        _offer = offer;
        _role = role;
        RemoteAddress = remoteAddress;
        _awaitedTypes = awaitedTypes;
        _streamId = streamId;
        _requestTimeout = requestTimeout;
        _log = log;
        if (awaitedTypes.Count == 0)
        {
            _consumersReady.TrySetResult();
        }
    }

    public string RemoteAddress { get; }

    public bool IsOpen => _open;

    /// <summary>The SDP answer once everything it describes exists; faults with <see cref="SdpSetupException"/>.</summary>
    public Task<string> Answer => _answer.Task;

    /// <summary>Completes when the session closed this client (DELETE, kick, channel closed, transport failure).</summary>
    public Task Closed => _closed.Task;

    /// <summary>The transport the offer was answered on, once INIT_TRANSPORTS came.</summary>
    public string? TransportId { get; private set; }

    /// <summary>For <see cref="SdpClientRole.Converse"/>: the receive track the answer promised, to be created on the router.</summary>
    public RtpParameters? SpeakerTrack { get; private set; }

    /// <summary>The session created for this client; requests wait for it.</summary>
    public void Attach(IActorRef session) => _session.TrySetResult(session);

    /// <summary>
    /// The client leaves (DELETE, or an offer that could not be answered): as if its socket closed cleanly, which the
    /// session does not answer with a close of its own (there is no socket left to close), so the bus closes here.
    /// </summary>
    public void Hangup()
    {
        if (_session.Task.IsCompletedSuccessfully && _open)
        {
            _session.Task.Result.Tell(new ClientSocketClosed(Failed: false));
        }

        Close(CloseCodes.Clean);
    }

    /// <summary>Server messages are for a user interface; an SDP client has none and renegotiates nothing.</summary>
    public void Send(string name, JsonNode? payload, bool immediate = false) =>
        _log.LogDebug("SDP client at {Address}: {Name} not delivered (no user interface)", RemoteAddress, name);

    public Task<JsonElement> RequestAsync(string name, JsonNode? payload, TimeSpan timeout, bool immediate = false)
    {
        if (!_open)
        {
            return Task.FromException<JsonElement>(new BusClosedException());
        }

        try
        {
            return Task.FromResult(name switch
            {
                "INIT_TRANSPORTS" => OnInitTransports(payload),
                "INIT_CONSUMER" => OnInitConsumer(payload),
                _ => default, // PING and anything else: answered at once, as a live client would
            });
        }
        catch (Exception e) when (e is SdpSetupException or OrtcException or JsonException)
        {
            int status = e is SdpSetupException setup ? setup.StatusCode : StatusCodes.Status500InternalServerError;
            _answer.TrySetException(new SdpSetupException(status, e.Message));
            return Task.FromException<JsonElement>(e);
        }
    }

    public void Respond(string requestId, JsonNode? result)
    {
        if (_pending.TryRemove(requestId, out TaskCompletionSource<JsonElement>? request))
        {
            request.TrySetResult(result is null ? default : JsonSerializer.SerializeToElement(result));
        }
    }

    public void Close(int closeCode)
    {
        _open = false;
        foreach (string id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out TaskCompletionSource<JsonElement>? request))
            {
                request.TrySetException(new BusClosedException());
            }
        }

        _answer.TrySetException(new SdpSetupException(StatusCodes.Status500InternalServerError,
            $"the session closed (code {closeCode}) before the offer could be answered"));
        _closed.TrySetResult();
    }

    /// <summary>§5.2 step 4: the router's capabilities and our transport; the answer to it is what the client receives.</summary>
    private JsonElement OnInitTransports(JsonNode? payload)
    {
        if (Interlocked.Increment(ref _transportsSeen) > 1)
        {
            // A restarted session asks again with the same transports; the offer was answered once and for all.
            return ReceiveCapabilities();
        }

        JsonElement transports = JsonSerializer.SerializeToElement(payload);
        RtpCapabilities router = RtpCapabilitiesReader.Read(transports.GetProperty("capabilities"));
        JsonElement side = transports.GetProperty(_role == SdpClientRole.Play ? "stcConfig" : "ctsConfig");
        if (!SdpServerTransport.TryRead(side, out SdpServerTransport? server, out string? error))
        {
            throw new SdpSetupException(StatusCodes.Status500InternalServerError, error);
        }

        TransportId = side.GetProperty("id").GetString();
        if (_role == SdpClientRole.Play)
        {
            _ = CompletePlayAsync(router, server);
            return ReceiveCapabilities();
        }

        SdpNegotiatedAnswer? published;
        bool answered = _role == SdpClientRole.Publish
            ? SdpPublishNegotiation.TryAnswer(_offer, router, server, out published, out error)
            : SdpConverseNegotiation.TryAnswer(_offer, router, server, _streamId, out published, out error);
        if (!answered)
        {
            throw new SdpSetupException(StatusCodes.Status400BadRequest, error!);
        }

        SpeakerTrack = published!.SpeakerTrack;
        _ = CompletePublishAsync(published);

        return ReceiveCapabilities();
    }

    /// <summary>
    /// A player receives what its offer lists, in its own numbering; a publisher nothing, and a Beep client nothing
    /// through consumers (its one track is fed by the conversation instead).
    /// </summary>
    private JsonElement ReceiveCapabilities()
    {
        RtpCapabilities capabilities = _role == SdpClientRole.Play ? SdpReceiveCapabilities.FromOffer(_offer) : RtpCapabilities.Empty;
        return JsonSerializer.SerializeToElement(JsonNode.Parse(OrtcJsonWriter.ToJson(capabilities)));
    }

    private JsonElement OnInitConsumer(JsonNode? payload)
    {
        if (payload?["type"]?.GetValue<string>() is string type && payload["rtpParameters"] is JsonNode parameters)
        {
            _consumers[type] = new SdpForwardedStream(type, RtpParametersReader.Read(JsonSerializer.SerializeToElement(parameters)));
            if (_awaitedTypes.All(_consumers.ContainsKey))
            {
                _consumersReady.TrySetResult();
            }
        }

        return default;
    }

    private async Task CompletePublishAsync(SdpNegotiatedAnswer published)
    {
        try
        {
            await RequestFromClientAsync("CONNECT_CTS_TRANSPORT", DtlsPayload(published.Dtls)).ConfigureAwait(false);
            foreach (SdpPublishedStream stream in published.Streams)
            {
                await RequestFromClientAsync("INIT_PRODUCER", new JsonObject
                {
                    ["type"] = stream.Type,
                    ["kind"] = stream.Kind.ToWire(),
                    ["rtpParameters"] = JsonNode.Parse(OrtcJsonWriter.ToJson(stream.Parameters)),
                }).ConfigureAwait(false);
            }

            // What the bundle's clients show on the participant's tile (§5.4).
            await MessageFromClientAsync("C_INFO_CHANGE", new JsonObject
            {
                ["info"] = new JsonObject
                {
                    ["isSelfMuted"] = !published.Streams.Any(s => s.Type == SdpStreamTypes.Audio),
                    ["isCameraOn"] = published.Streams.Any(s => s.Type == SdpStreamTypes.Camera),
                    ["isScreenSharingOn"] = published.Streams.Any(s => s.Type == SdpStreamTypes.Screen),
                },
            }).ConfigureAwait(false);
            _answer.TrySetResult(SdpWriter.Write(published.Answer));
        }
        catch (Exception e) when (e is TimeoutException or BusClosedException)
        {
            _answer.TrySetException(new SdpSetupException(StatusCodes.Status500InternalServerError, $"publishing failed: {e.Message}"));
        }
    }

    private async Task CompletePlayAsync(RtpCapabilities router, SdpServerTransport server)
    {
        try
        {
            SdpPlayNegotiation.TryAnswer(_offer, router, server, [], _streamId, out SdpNegotiatedAnswer? bare, out string? error);
            if (bare is null)
            {
                throw new SdpSetupException(StatusCodes.Status400BadRequest, error ?? "the offer cannot be answered");
            }

            await RequestFromClientAsync("CONNECT_STC_TRANSPORT", DtlsPayload(bare.Dtls)).ConfigureAwait(false);
            try
            {
                await _consumersReady.Task.WaitAsync(_requestTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Answer with what exists: a section without its stream yet is still answered, and the consumer that
                // comes later carries the section's mid, by which the browser routes it (RFC 8843 §9.2).
                _log.LogWarning("SDP client at {Address}: only {Types} of {Awaited} were ready to play in time",
                    RemoteAddress, string.Join(",", _consumers.Keys), string.Join(",", _awaitedTypes));
            }

            if (!SdpPlayNegotiation.TryAnswer(_offer, router, server, [.. _consumers.Values], _streamId, out SdpNegotiatedAnswer? played, out error))
            {
                throw new SdpSetupException(StatusCodes.Status400BadRequest, error);
            }

            _answer.TrySetResult(SdpWriter.Write(played.Answer));
        }
        catch (Exception e) when (e is TimeoutException or BusClosedException)
        {
            _answer.TrySetException(new SdpSetupException(StatusCodes.Status500InternalServerError, $"playing failed: {e.Message}"));
        }
        catch (SdpSetupException e)
        {
            _answer.TrySetException(e);
        }
    }

    private static JsonObject DtlsPayload(SdpRemoteDtls dtls) => new()
    {
        ["dtlsParameters"] = new JsonObject
        {
            ["role"] = dtls.Role,
            ["fingerprints"] = new JsonArray([.. dtls.Fingerprints.Select(f => (JsonNode)new JsonObject { ["algorithm"] = f.Algorithm, ["value"] = f.Value })]),
        },
    };

    /// <summary>A request of the client's bus (§4.1), as the socket layer would hand it to the session.</summary>
    private async Task<JsonElement> RequestFromClientAsync(string name, JsonObject payload)
    {
        IActorRef session = await _session.Task.WaitAsync(_requestTimeout).ConfigureAwait(false);
        string id = "sdp-" + Interlocked.Increment(ref _requestCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var answered = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answered;
        if (!_open)
        {
            throw new BusClosedException();
        }

        session.Tell(new ClientRequest(id, name, JsonSerializer.SerializeToElement(payload)));
        try
        {
            return await answered.Task.WaitAsync(_requestTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(id, out _);
            throw new TimeoutException($"{name} was not answered within {_requestTimeout.TotalSeconds:0.#} s");
        }
    }

    private async Task MessageFromClientAsync(string name, JsonObject payload)
    {
        IActorRef session = await _session.Task.WaitAsync(_requestTimeout).ConfigureAwait(false);
        session.Tell(new ClientMessage(name, JsonSerializer.SerializeToElement(payload)));
    }
}
