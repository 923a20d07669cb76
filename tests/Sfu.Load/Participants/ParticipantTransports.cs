using System.Net;
using System.Text.Json;
using Sfu.Transport.Dtls;
using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;

namespace Sfu.Load.Participants;

/// <summary>
/// A participant's two client-mode WebRTC transports (upload = "cts", download = "stc"), built from the server's
/// INIT_TRANSPORTS parameters (PROTOCOL.md §6.2): ICE as the controlling side toward the first UDP candidate, DTLS as
/// the client (we announce role "client", so the server is the DTLS server, as with Chromium), then SRTP. Every
/// member runs on the participant's loop thread.
/// </summary>
public sealed class ParticipantTransports : IDisposable
{
    private ParticipantTransports(WebRtcClientTransport upload, WebRtcClientTransport download)
    {
        Upload = upload;
        Download = download;
    }

    public WebRtcClientTransport Upload { get; }

    public WebRtcClientTransport Download { get; }

    /// <summary>Creates both transports; each starts ICE and DTLS once the server accepted its CONNECT (<see cref="Start"/>).</summary>
    public static ParticipantTransports Create(MediaWorkerLoop loop, WebRtcTransportOptions options, IWebRtcTransportHandler handler)
    {
        var upload = new WebRtcClientTransport(loop, options, new WebRtcClientOptions { DtlsRole = DtlsRole.Client }, handler);
        var download = new WebRtcClientTransport(loop, options, new WebRtcClientOptions { DtlsRole = DtlsRole.Client }, handler);
        return new ParticipantTransports(upload, download);
    }

    /// <summary>Our DTLS parameters for CONNECT_*_TRANSPORT: role client and our certificate's fingerprints.</summary>
    public static object DtlsParametersOf(WebRtcTransportOptions options) => new
    {
        role = "client",
        fingerprints = options.Certificate.Fingerprints.Select(f => new { algorithm = f.Algorithm, value = f.Value }).ToArray(),
    };

    public void Dispose()
    {
        Upload.Dispose();
        Download.Dispose();
    }

    /// <summary>Starts ICE and DTLS toward the server's first UDP candidate (on the loop thread).</summary>
    public static void Start(WebRtcClientTransport transport, JsonElement config)
    {
        JsonElement ice = config.GetProperty("iceParameters");
        var serverIce = new WebRtcIceParameters(ice.GetProperty("usernameFragment").GetString()!, ice.GetProperty("password").GetString()!, IceLite: true);
        JsonElement candidate = config.GetProperty("iceCandidates").EnumerateArray().First(c => c.GetProperty("protocol").GetString() == "udp");
        var endpoint = new IPEndPoint(IPAddress.Parse(candidate.GetProperty("address").GetString()!), candidate.GetProperty("port").GetInt32());
        JsonElement fingerprint = config.GetProperty("dtlsParameters").GetProperty("fingerprints").EnumerateArray()
            .First(f => f.GetProperty("algorithm").GetString() == "sha-256");
        transport.Connect(serverIce, endpoint, DtlsFingerprint.Parse("sha-256", fingerprint.GetProperty("value").GetString()!));
    }
}
