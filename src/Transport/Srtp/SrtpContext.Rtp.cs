namespace Sfu.Transport.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Turns the RTP packet in buffer[..length) into SRTP in place (RFC 3711 §3.3, RFC 7714 §8), appending
    /// <see cref="RtpOverhead"/> bytes of tag. False, with the buffer untouched, when the packet is not RTP,
    /// the buffer has no room for the tag, the SSRC would exceed <see cref="MaxSsrcs"/>, or the sequence
    /// number cannot be placed in the 48-bit index.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, out int protectedLength)
    {
        SrtpSendStream? stream = null;
        return TryProtectRtp(buffer, length, ref stream, out protectedLength);
    }

    /// <summary>
    /// The same for a sender that keeps its SSRC's <see cref="SrtpSendStream"/> between packets: null at first, then
    /// the state this call found or made. A handle of another context or SSRC is replaced, never misused.
    /// </summary>
    public bool TryProtectRtp(Span<byte> buffer, int length, ref SrtpSendStream? stream, out int protectedLength)
    {
        RequireDirection(outbound: true);
        protectedLength = 0;
        int tagLength = _transform.RtpTagLength;
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < tagLength
            || !SrtpPacketLayout.TryReadRtp(buffer[..length], out int headerLength, out ushort sequenceNumber, out uint ssrc))
        {
            return false;
        }

        if ((stream is null || !ReferenceEquals(stream.Owner, this) || stream.Ssrc != ssrc) && !TryGetSendStream(ssrc, out stream))
        {
            return false;
        }

        // The sender estimates its own ROC the way a receiver would, so that a retransmission or a reordered
        // send (the SFU forwards, it does not originate) still gets the index the receiver will guess.
        if (!SrtpPacketIndex.TryEstimate(stream.HasHighest, stream.Highest, sequenceNumber, out ulong index))
        {
            return false;
        }

        _transform.ProtectRtp(buffer, length, headerLength, ssrc, index);
        stream.OnProtected(index);
        protectedLength = length + tagLength;
        return true;
    }

    /// <summary>
    /// Verifies and decrypts the SRTP packet in buffer[..length) in place; on <see cref="SrtpResult.Ok"/> the
    /// RTP packet is buffer[..plainLength). The replay window is checked before authentication (a replay
    /// costs no cryptography) and moved only after it (a forgery cannot move it). On any other result the
    /// packet is to be dropped and its bytes may have been altered.
    /// </summary>
    public SrtpResult TryUnprotectRtp(Span<byte> buffer, int length, out int plainLength)
    {
        CachePrefetch.Object(_rtpStreams); // its load then overlaps the transform's (see CachePrefetch)
        RequireDirection(outbound: false);
        plainLength = 0;
        int tagLength = _transform.RtpTagLength;
        if ((uint)length > (uint)buffer.Length || length < SrtpPacketLayout.RtpFixedHeaderLength + tagLength)
        {
            return SrtpResult.Malformed;
        }

        int bodyLength = length - tagLength;
        if (!SrtpPacketLayout.TryReadRtp(buffer[..bodyLength], out int headerLength, out ushort sequenceNumber, out uint ssrc))
        {
            return SrtpResult.Malformed;
        }

        _rtpStreams.TryGetValue(ssrc, out SrtpStreamState? stream);
        ulong index;
        if (stream is null)
        {
            if (_rtpStreams.Count >= MaxSsrcs)
            {
                return SrtpResult.UnknownSsrc;
            }

            index = sequenceNumber; // RFC 3711 §3.3.1: a new stream starts at ROC 0
        }
        else
        {
            if (!SrtpPacketIndex.TryEstimate(stream.Window.HasHighest, stream.Window.Highest, sequenceNumber, out index))
            {
                return SrtpResult.TooOld;
            }

            SrtpResult replay = stream.Window.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return replay;
            }
        }

        if (!_transform.UnprotectRtp(buffer, length, headerLength, ssrc, index))
        {
            return SrtpResult.AuthenticationFailed;
        }

        if (stream is null)
        {
            stream = new SrtpStreamState();
            _rtpStreams.Add(ssrc, stream);
        }

        stream.Window.Accept(index);
        plainLength = bodyLength;
        return SrtpResult.Ok;
    }
}
