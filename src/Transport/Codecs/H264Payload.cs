namespace Sfu.Transport.Codecs;

/// <summary>
/// Reads the NAL unit types an H264 RTP payload carries (RFC 6184 §5.6 single NAL unit, §5.7.1 STAP-A/STAP-B,
/// §5.8 FU-A/FU-B start fragments) to tell key frames apart. Total: garbage gives false or
/// <see cref="H264NalUnits.None"/>, never an exception.
/// </summary>
public static class H264Payload
{
    private const int NalTypeMask = 0x1F;
    private const int IdrSlice = 5;
    private const int SequenceParameterSet = 7;
    private const int PictureParameterSet = 8;
    private const int StapA = 24;
    private const int StapB = 25;
    private const int Mtap16 = 26;
    private const int Mtap24 = 27;
    private const int FuA = 28;
    private const int FuB = 29;
    private const byte ForbiddenZeroBit = 0x80;
    private const byte FuStartBit = 0x80;

    /// <summary>
    /// Scans the payload. False when the payload is not well formed: empty, forbidden bit set, an aggregation
    /// unit running past the end, a fragment without its header, or a type this SFU does not accept
    /// (MTAP, reserved 0/30/31).
    /// </summary>
    public static bool TryReadNalUnits(ReadOnlySpan<byte> payload, out H264NalUnits units)
    {
        units = H264NalUnits.None;
        if (payload.IsEmpty || (payload[0] & ForbiddenZeroBit) != 0)
        {
            return false;
        }

        int type = payload[0] & NalTypeMask;
        switch (type)
        {
            case >= 1 and <= 23:
                units = Classify(type);
                return true;
            case StapA:
                return TryReadAggregation(payload[1..], out units);
            case StapB:
                // §5.7.1: STAP-B puts a 16-bit decoding order number before the units.
                return payload.Length >= 3 && TryReadAggregation(payload[3..], out units);
            case FuA:
            case FuB:
                // §5.8: FU indicator, FU header |S|E|R|Type|; FU-B adds a DON on the first fragment.
                int headerLength = type == FuA ? 2 : 4;
                if (payload.Length <= headerLength)
                {
                    return false;
                }

                byte fuHeader = payload[1];
                if ((fuHeader & FuStartBit) != 0)
                {
                    units = Classify(fuHeader & NalTypeMask);
                }

                return true;
            case Mtap16:
            case Mtap24:
            default:
                return false;
        }
    }

    /// <summary>
    /// A key frame for forwarding purposes carries a sequence parameter set, as mediasoup decides (PROTOCOL §7.2):
    /// a receiver switching to this stream needs the parameter sets as much as the IDR slice, and browsers always
    /// send SPS/PPS in front of an IDR.
    /// </summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload) =>
        TryReadNalUnits(payload, out H264NalUnits units) && (units & H264NalUnits.SequenceParameterSet) != 0;

    /// <summary>A packet begins an access unit unless it continues a fragmented NAL unit.</summary>
    public static bool IsStartOfPicture(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            return payload.Length == 1;
        }

        int type = payload[0] & NalTypeMask;
        return type is not (FuA or FuB) || (payload[1] & FuStartBit) != 0;
    }

    private static bool TryReadAggregation(ReadOnlySpan<byte> units, out H264NalUnits found)
    {
        found = H264NalUnits.None;
        int offset = 0;
        int count = 0;
        while (offset < units.Length)
        {
            // §5.7.1: each unit is a 16-bit size followed by that many bytes of NAL unit.
            if (offset + 2 > units.Length)
            {
                return false;
            }

            int size = (units[offset] << 8) | units[offset + 1];
            offset += 2;
            if (size == 0 || offset + size > units.Length || (units[offset] & ForbiddenZeroBit) != 0)
            {
                return false;
            }

            found |= Classify(units[offset] & NalTypeMask);
            offset += size;
            count++;
        }

        return count > 0;
    }

    private static H264NalUnits Classify(int type) => type switch
    {
        IdrSlice => H264NalUnits.IdrSlice,
        SequenceParameterSet => H264NalUnits.SequenceParameterSet,
        PictureParameterSet => H264NalUnits.PictureParameterSet,
        _ => H264NalUnits.None,
    };
}
