namespace Sfu.Transport.Srtp;

public sealed partial class SrtpContext
{
    /// <summary>
    /// Turns the RTCP packet in buffer[..length) into SRTCP in place (RFC 3711 §3.4, RFC 7714 §9): encrypts
    /// everything after the first eight bytes, sets the E flag and appends the index word and the tag
    /// (<see cref="RtcpOverhead"/> bytes). Each sender SSRC has its own index, starting at zero.
    /// False, with the buffer untouched, when the packet is not RTCP, the buffer is short, or the SSRC would
    /// exceed <see cref="MaxSsrcs"/>.
    /// </summary>
    public bool TryProtectRtcp(Span<byte> buffer, int length, out int protectedLength)
    {
        RequireDirection(outbound: true);
        protectedLength = 0;
        if ((uint)length > (uint)buffer.Length || buffer.Length - length < _transform.RtcpTrailerLength
            || !SrtpPacketLayout.TryReadRtcp(buffer[..length], out uint ssrc)
            || !TryGetOrAddOutbound(_rtcpStreams, ssrc, out SrtpStreamState stream))
        {
            return false;
        }

        uint index = stream.NextRtcpIndex;
        stream.NextRtcpIndex = (index + 1) & 0x7FFF_FFFF;
        protectedLength = _transform.ProtectRtcp(buffer, length, ssrc, index);
        return true;
    }

    /// <summary>
    /// Verifies the SRTCP packet in buffer[..length) and decrypts it in place when its E flag is set; on
    /// <see cref="SrtpResult.Ok"/> the RTCP packet is buffer[..plainLength). Replay is checked per sender
    /// SSRC on the SRTCP index, before authentication; the window moves only after it. On any other result
    /// the packet is to be dropped and its bytes may have been altered.
    /// </summary>
    public SrtpResult TryUnprotectRtcp(Span<byte> buffer, int length, out int plainLength)
    {
        RequireDirection(outbound: false);
        plainLength = 0;
        int trailerLength = _transform.RtcpTrailerLength;
        if ((uint)length > (uint)buffer.Length || length < SrtpPacketLayout.RtcpHeaderLength + trailerLength
            || !SrtpPacketLayout.TryReadRtcp(buffer[..length], out uint ssrc))
        {
            return SrtpResult.Malformed;
        }

        _transform.ReadRtcpIndex(buffer[..length], out uint index, out bool encrypted);
        _rtcpStreams.TryGetValue(ssrc, out SrtpStreamState? stream);
        if (stream is null)
        {
            if (_rtcpStreams.Count >= MaxSsrcs)
            {
                return SrtpResult.UnknownSsrc;
            }
        }
        else
        {
            SrtpResult replay = stream.Window.Check(index);
            if (replay != SrtpResult.Ok)
            {
                return replay;
            }
        }

        if (!_transform.UnprotectRtcp(buffer, length, ssrc, index, encrypted))
        {
            return SrtpResult.AuthenticationFailed;
        }

        if (stream is null)
        {
            stream = new SrtpStreamState();
            _rtcpStreams.Add(ssrc, stream);
        }

        stream.Window.Accept(index);
        plainLength = length - trailerLength;
        return SrtpResult.Ok;
    }
}
