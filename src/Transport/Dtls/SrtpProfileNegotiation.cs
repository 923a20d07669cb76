using Sfu.Transport.Srtp;

namespace Sfu.Transport.Dtls;

/// <summary>
/// The use_srtp choice of RFC 5764 §4.1.1 over IANA code points (which <see cref="SrtpProfile"/> values are, and
/// which BouncyCastle's SrtpProtectionProfile constants are too).
/// </summary>
public static class SrtpProfileNegotiation
{
    /// <summary>Server side: our most preferred profile among those the client offered, or null when none is shared.</summary>
    public static SrtpProfile? ChooseAsServer(IReadOnlyList<SrtpProfile> ourPreference, IReadOnlyList<int>? clientOffer)
    {
        if (clientOffer is null)
        {
            return null;
        }

        foreach (SrtpProfile profile in ourPreference)
        {
            foreach (int offered in clientOffer)
            {
                if (offered == (int)profile)
                {
                    return profile;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Client side: the server must answer with exactly one profile and it must be one we offered
    /// (RFC 5764 §4.1.1); anything else is null.
    /// </summary>
    public static SrtpProfile? AcceptAsClient(IReadOnlyList<SrtpProfile> ourOffer, IReadOnlyList<int>? serverAnswer)
    {
        if (serverAnswer is not { Count: 1 })
        {
            return null;
        }

        foreach (SrtpProfile profile in ourOffer)
        {
            if ((int)profile == serverAnswer[0])
            {
                return profile;
            }
        }

        return null;
    }

    internal static int[] ToCodePoints(IReadOnlyList<SrtpProfile> profiles)
    {
        int[] codePoints = new int[profiles.Count];
        for (int i = 0; i < codePoints.Length; i++)
        {
            codePoints[i] = (int)profiles[i];
        }

        return codePoints;
    }
}
