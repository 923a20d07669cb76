using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// Our side of one WebRTC transport as an SDP answer states it (RFC 8839 §5.4, RFC 8842 §5.1): ICE-lite credentials,
/// host candidates and the sha-256 certificate fingerprint, read from the transport parameters the router gives every
/// session (the <c>ctsConfig</c>/<c>stcConfig</c> of INIT_TRANSPORTS, PROTOCOL §6.2).
/// </summary>
public sealed record SdpServerTransport(string IceUfrag, string IcePwd, ValueList<SdpCandidate> Candidates, SdpFingerprint Fingerprint)
{
    public static bool TryRead(JsonElement parameters, [NotNullWhen(true)] out SdpServerTransport? transport, [NotNullWhen(false)] out string? error)
    {
        transport = null;
        if (parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("iceParameters", out JsonElement ice) || ice.ValueKind != JsonValueKind.Object
            || Text(ice, "usernameFragment") is not string ufrag || Text(ice, "password") is not string pwd)
        {
            error = "transport parameters without ICE credentials";
            return false;
        }

        SdpFingerprint? fingerprint = null;
        if (parameters.TryGetProperty("dtlsParameters", out JsonElement dtls) && dtls.ValueKind == JsonValueKind.Object
            && dtls.TryGetProperty("fingerprints", out JsonElement fingerprints) && fingerprints.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement entry in fingerprints.EnumerateArray())
            {
                // Browsers check sha-256 (RFC 8122 §5 lets us send several, but one suffices and is what they use).
                if (Text(entry, "algorithm") is string algorithm && Text(entry, "value") is string value
                    && (fingerprint is null || string.Equals(algorithm, "sha-256", StringComparison.OrdinalIgnoreCase)))
                {
                    fingerprint = new SdpFingerprint(algorithm, value);
                }
            }
        }

        if (fingerprint is null)
        {
            error = "transport parameters without a DTLS fingerprint";
            return false;
        }

        var candidates = new List<SdpCandidate>();
        if (parameters.TryGetProperty("iceCandidates", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement candidate in list.EnumerateArray())
            {
                if (TryReadCandidate(candidate, out SdpCandidate? read))
                {
                    candidates.Add(read);
                }
            }
        }

        transport = new SdpServerTransport(ufrag, pwd, ValueList.From(candidates), fingerprint);
        error = null;
        return true;
    }

    /// <summary>Answer options with our transport; codecs, extensions and the per-section plan come from the caller.</summary>
    public SdpAnswerOptions AnswerOptions() => new()
    {
        IceUfrag = IceUfrag,
        IcePwd = IcePwd,
        Candidates = Candidates,
        Fingerprint = Fingerprint,
        SessionId = (ulong)Random.Shared.NextInt64(1, long.MaxValue),
    };

    private static bool TryReadCandidate(JsonElement candidate, [NotNullWhen(true)] out SdpCandidate? read)
    {
        read = null;
        if (candidate.ValueKind != JsonValueKind.Object
            || Text(candidate, "foundation") is not string foundation
            || (Text(candidate, "address") ?? Text(candidate, "ip")) is not string address
            || Text(candidate, "protocol") is not string protocol
            || Text(candidate, "type") is not string type
            || !candidate.TryGetProperty("priority", out JsonElement priority) || !priority.TryGetUInt32(out uint priorityValue)
            || !candidate.TryGetProperty("port", out JsonElement port) || !port.TryGetInt32(out int portValue))
        {
            return false;
        }

        read = new SdpCandidate(foundation, 1, protocol, priorityValue, address, portValue, type) { TcpType = Text(candidate, "tcpType") };
        return true;
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
