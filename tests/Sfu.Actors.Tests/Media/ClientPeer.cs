using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;

namespace Sfu.Actors.Tests.Media;

/// <summary>
/// The browser's side of a session's transports, in client mode over loopback: ICE toward the server's UDP candidate,
/// then DTLS as the client (as mediasoup-client always is), then SRTP. Runs its transports on its own loop.
/// </summary>
public sealed class ClientPeer : IDisposable
{
    private readonly DtlsHandshakePool _handshakes = new();

    public ClientPeer()
    {
        Loop = new MediaWorkerLoop(new MediaWorkerLoopOptions { Name = "test-client" });
        Options = new WebRtcTransportOptions(DtlsCertificate.Generate()) { HandshakePool = _handshakes };
    }

    public MediaWorkerLoop Loop { get; }

    public WebRtcTransportOptions Options { get; }

    /// <summary>Starts ICE and DTLS toward a server transport described as in INIT_TRANSPORTS (PROTOCOL.md §6.2).</summary>
    public WebRtcClientTransport Connect(JsonNode serverParameters)
    {
        JsonNode ice = serverParameters["iceParameters"]!;
        var serverIce = new WebRtcIceParameters(ice["usernameFragment"]!.GetValue<string>(), ice["password"]!.GetValue<string>(), IceLite: true);
        JsonNode candidate = serverParameters["iceCandidates"]!.AsArray().First(c => c!["protocol"]!.GetValue<string>() == "udp")!;
        var endpoint = new IPEndPoint(IPAddress.Parse(candidate["address"]!.GetValue<string>()), candidate["port"]!.GetValue<int>());
        JsonNode fingerprint = serverParameters["dtlsParameters"]!["fingerprints"]!.AsArray()
            .First(f => f!["algorithm"]!.GetValue<string>() == "sha-256")!;
        var serverFingerprint = DtlsFingerprint.Parse("sha-256", fingerprint["value"]!.GetValue<string>());
        return Loop.InvokeAsync(() =>
        {
            var transport = new WebRtcClientTransport(Loop, Options, new WebRtcClientOptions { LocalAddress = IPAddress.Loopback });
            transport.Connect(serverIce, endpoint, serverFingerprint);
            return transport;
        }).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The dtlsParameters of CONNECT_*_TRANSPORT: role client and our certificate's fingerprints, or those of
    /// <paramref name="certificate"/> to announce a certificate we do not present.
    /// </summary>
    public JsonElement DtlsParameters(DtlsCertificate? certificate = null)
    {
        var fingerprints = new JsonArray();
        foreach (DtlsFingerprint f in (certificate ?? Options.Certificate).Fingerprints)
        {
            fingerprints.Add(new JsonObject { ["algorithm"] = f.Algorithm, ["value"] = f.Value });
        }

        return JsonSerializer.SerializeToElement(new JsonObject { ["role"] = "client", ["fingerprints"] = fingerprints });
    }

    public void Dispose()
    {
        Loop.Dispose();
        _handshakes.Dispose();
    }
}
