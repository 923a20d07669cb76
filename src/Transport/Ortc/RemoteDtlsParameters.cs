using System.Text.Json;
using Sfu.Transport.Dtls;

namespace Sfu.Transport.Ortc;

/// <summary>The DTLS role a peer announces in its dtlsParameters (RFC 5763 §5 a=setup, in ORTC spelling).</summary>
public enum AnnouncedDtlsRole
{
    Auto,
    Client,
    Server,
}

/// <summary>
/// The client's <c>dtlsParameters</c> from CONNECT_CTS_TRANSPORT / CONNECT_STC_TRANSPORT (PROTOCOL §4.5.2, §7.1):
/// its announced role and certificate fingerprints, validated; <see cref="LocalRole"/> is the role the server then
/// plays.
/// </summary>
public sealed record RemoteDtlsParameters(AnnouncedDtlsRole Role, IReadOnlyList<DtlsFingerprint> Fingerprints)
{
    /// <summary>The opposite of the peer's role; a peer saying "auto" leaves the server the client role, as mediasoup does.</summary>
    public DtlsRole LocalRole => Role == AnnouncedDtlsRole.Client ? DtlsRole.Server : DtlsRole.Client;

    public static RemoteDtlsParameters Read(ReadOnlyMemory<byte> utf8Json)
    {
        using JsonDocument document = JsonMembers.Parse(utf8Json);
        return Read(document.RootElement);
    }

    /// <summary>
    /// Role: "auto", "client", "server" or absent (auto); anything else is rejected. Fingerprints: a non-empty
    /// array of {algorithm, value} with a known hash and a value of the right length (RFC 8122 §5).
    /// </summary>
    public static RemoteDtlsParameters Read(JsonElement dtlsParameters) => JsonMembers.Guard(dtlsParameters, ReadValidated);

    private static RemoteDtlsParameters ReadValidated(JsonElement dtlsParameters)
    {
        if (dtlsParameters.ValueKind != JsonValueKind.Object)
        {
            throw new OrtcException("dtlsParameters is not an object");
        }

        JsonElement roleValue = JsonMembers.Get(dtlsParameters, "role");
        AnnouncedDtlsRole role = roleValue.ValueKind switch
        {
            JsonValueKind.Undefined => AnnouncedDtlsRole.Auto,
            JsonValueKind.String => roleValue.GetString() switch
            {
                "auto" => AnnouncedDtlsRole.Auto,
                "client" => AnnouncedDtlsRole.Client,
                "server" => AnnouncedDtlsRole.Server,
                _ => throw new OrtcException("invalid dtlsParameters.role [" + roleValue.GetString() + "]"),
            },
            _ => throw new OrtcException("invalid dtlsParameters.role"),
        };

        JsonElement list = JsonMembers.Get(dtlsParameters, "fingerprints");
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            throw new OrtcException("missing dtlsParameters.fingerprints");
        }

        var fingerprints = new List<DtlsFingerprint>();
        foreach (JsonElement entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                throw new OrtcException("fingerprint is not an object");
            }

            JsonElement algorithm = JsonMembers.Get(entry, "algorithm");
            JsonElement value = JsonMembers.Get(entry, "value");
            if (algorithm.ValueKind != JsonValueKind.String || value.ValueKind != JsonValueKind.String ||
                !DtlsFingerprint.TryCreate(algorithm.GetString(), value.GetString(), out DtlsFingerprint? fingerprint))
            {
                throw new OrtcException("invalid fingerprint (unknown algorithm or malformed value)");
            }

            fingerprints.Add(fingerprint);
        }

        return new RemoteDtlsParameters(role, fingerprints);
    }
}
