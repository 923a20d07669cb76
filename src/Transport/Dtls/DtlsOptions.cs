using Sfu.Transport.Srtp;

namespace Sfu.Transport.Dtls;

/// <summary>Settings of one <see cref="DtlsEndpoint"/>; the defaults match what Chromium negotiates (DESIGN.md).</summary>
public sealed record DtlsOptions
{
    /// <summary>
    /// AEAD_AES_128_GCM first: the fastest profile on our SRTP path and the one Chromium picks when offered;
    /// then the other profiles browsers and mediasoup know.
    /// </summary>
    public static IReadOnlyList<SrtpProfile> DefaultSrtpProfiles { get; } =
    [
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.Aes128CmHmacSha1_80,
        SrtpProfile.Aes128CmHmacSha1_32,
    ];

    public static DtlsOptions Default { get; } = new();

    /// <summary>
    /// Profiles in our order of preference: offered in this order as DTLS client; as DTLS server the first of
    /// these that the client offered wins (RFC 5764 §4.1.1 leaves the choice to the server).
    /// </summary>
    public IReadOnlyList<SrtpProfile> SrtpProfiles { get; init; } = DefaultSrtpProfiles;

    /// <summary>From <see cref="DtlsEndpoint.Start"/> to keys; counts time spent waiting for a pool thread too.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Refuse peers without the extended master secret (RFC 7627 §5.2), which closes the triple-handshake attack
    /// on exported keys. Every current browser offers it.
    /// </summary>
    public bool RequireExtendedMasterSecret { get; init; } = true;

    /// <summary>Datagrams buffered between the socket thread and the handshake; extra ones are dropped.</summary>
    public int ReceiveQueueCapacity { get; init; } = 64;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (SrtpProfiles is null || SrtpProfiles.Count == 0)
        {
            throw new ArgumentException("At least one SRTP profile is required.", nameof(SrtpProfiles));
        }

        foreach (SrtpProfile profile in SrtpProfiles)
        {
            if (!SrtpProfileInfo.IsSupported((ushort)profile))
            {
                throw new ArgumentException($"Unsupported SRTP profile {profile}.", nameof(SrtpProfiles));
            }
        }

        if (SrtpProfiles.Distinct().Count() != SrtpProfiles.Count)
        {
            throw new ArgumentException("SRTP profiles must not repeat.", nameof(SrtpProfiles));
        }

        if (HandshakeTimeout <= TimeSpan.Zero || HandshakeTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentException($"HandshakeTimeout must be positive, got {HandshakeTimeout}.", nameof(HandshakeTimeout));
        }

        if (ReceiveQueueCapacity < 1)
        {
            throw new ArgumentException($"ReceiveQueueCapacity must be at least 1, got {ReceiveQueueCapacity}.", nameof(ReceiveQueueCapacity));
        }
    }
}
