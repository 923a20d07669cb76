namespace Sfu.Transport.Ortc;

/// <summary>A negotiated header extension: URI and the id it has on this stream (RFC 8285). JSON order: uri, id, encrypt, parameters.</summary>
public sealed record RtpHeaderExtensionParameters(string Uri, int Id, bool Encrypt, CodecParameters Parameters)
{
    public RtpHeaderExtensionParameters(string uri, int id)
        : this(uri, id, Encrypt: false, CodecParameters.Empty)
    {
    }
}
