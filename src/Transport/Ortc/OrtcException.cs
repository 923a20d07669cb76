namespace Sfu.Transport.Ortc;

/// <summary>
/// RTP capabilities or parameters that the ORTC rules reject (PROTOCOL §6.6). They come from the network, so every
/// reader and rule in this namespace reports bad input with this type only, and the message says what was wrong
/// (mediasoup's wording where it has one, e.g. "missing codec.payloadType").
/// </summary>
public sealed class OrtcException : Exception
{
    public OrtcException(string message)
        : base(message)
    {
    }

    public OrtcException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
