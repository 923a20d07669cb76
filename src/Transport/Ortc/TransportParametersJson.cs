using System.Text.Json;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Ortc;

/// <summary>A certificate fingerprint as the transport parameters list it (RFC 8122 §5).</summary>
public sealed record FingerprintParameter(string Algorithm, string Value);

/// <summary>SCTP parameters of a transport (never sent by the Odoo SFU: data channels are off).</summary>
public sealed record SctpParameters(int Port, int Os, int Mis, int MaxMessageSize);

/// <summary>
/// Writes a WebRTC transport's parameters, the <c>stcConfig</c>/<c>ctsConfig</c> of INIT_TRANSPORTS (PROTOCOL
/// §6.2, R68): <c>{id, iceParameters, iceCandidates, dtlsParameters, sctpParameters?}</c> in mediasoup's member order.
/// </summary>
public static class TransportParametersJson
{
    public static string Write(
        string id,
        string usernameFragment,
        string password,
        IReadOnlyList<IceCandidate> candidates,
        IReadOnlyList<FingerprintParameter> fingerprints,
        SctpParameters? sctpParameters = null) =>
        OrtcJsonWriter.Render(writer => Write(writer, id, usernameFragment, password, candidates, fingerprints, sctpParameters));

    public static void Write(
        Utf8JsonWriter writer,
        string id,
        string usernameFragment,
        string password,
        IReadOnlyList<IceCandidate> candidates,
        IReadOnlyList<FingerprintParameter> fingerprints,
        SctpParameters? sctpParameters = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(usernameFragment);
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(fingerprints);
        if (fingerprints.Count == 0)
        {
            // mediasoup-client writes a=fingerprint from the last entry; an empty list breaks its SDP.
            throw new ArgumentException("at least one fingerprint is required", nameof(fingerprints));
        }

        writer.WriteStartObject();
        writer.WriteString("id", id);
        writer.WriteStartObject("iceParameters");
        writer.WriteString("usernameFragment", usernameFragment);
        writer.WriteString("password", password);
        writer.WriteBoolean("iceLite", true);
        writer.WriteEndObject();

        writer.WriteStartArray("iceCandidates");
        foreach (IceCandidate candidate in candidates)
        {
            writer.WriteStartObject();
            writer.WriteString("foundation", candidate.Foundation);
            writer.WriteNumber("priority", candidate.Priority);

            // Both: mediasoup-client reads address and falls back to the deprecated ip.
            writer.WriteString("ip", candidate.Ip);
            writer.WriteString("address", candidate.Ip);
            writer.WriteString("protocol", candidate.ProtocolName);
            writer.WriteNumber("port", candidate.Port);
            writer.WriteString("type", candidate.Type);
            if (candidate.TcpType is not null)
            {
                writer.WriteString("tcpType", candidate.TcpType);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartObject("dtlsParameters");
        writer.WriteStartArray("fingerprints");
        foreach (FingerprintParameter fingerprint in Sha256Last(fingerprints))
        {
            writer.WriteStartObject();
            writer.WriteString("algorithm", fingerprint.Algorithm);
            writer.WriteString("value", fingerprint.Value);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteString("role", "auto");
        writer.WriteEndObject();

        if (sctpParameters is not null)
        {
            writer.WriteStartObject("sctpParameters");
            writer.WriteNumber("port", sctpParameters.Port);
            writer.WriteNumber("OS", sctpParameters.Os);
            writer.WriteNumber("MIS", sctpParameters.Mis);
            writer.WriteNumber("maxMessageSize", sctpParameters.MaxMessageSize);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The client puts only the last fingerprint in its SDP (Q27), and browsers verify sha-256: keep the given order
    /// but move sha-256 entries to the end.
    /// </summary>
    private static IEnumerable<FingerprintParameter> Sha256Last(IReadOnlyList<FingerprintParameter> fingerprints) =>
        fingerprints.Where(f => !IsSha256(f)).Concat(fingerprints.Where(IsSha256));

    private static bool IsSha256(FingerprintParameter fingerprint) =>
        string.Equals(fingerprint.Algorithm, "sha-256", StringComparison.OrdinalIgnoreCase);
}
