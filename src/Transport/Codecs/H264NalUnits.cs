namespace Sfu.Transport.Codecs;

/// <summary>Which NAL unit types of interest an H264 RTP payload carries or starts.</summary>
[Flags]
public enum H264NalUnits : byte
{
    None = 0,

    /// <summary>Coded slice of an IDR picture (type 5).</summary>
    IdrSlice = 1,

    /// <summary>Sequence parameter set (type 7).</summary>
    SequenceParameterSet = 2,

    /// <summary>Picture parameter set (type 8).</summary>
    PictureParameterSet = 4,
}
