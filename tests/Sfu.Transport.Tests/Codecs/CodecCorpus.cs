using Sfu.Transport.Codecs;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Codecs;

/// <summary>
/// The committed payload header corpus: each file name starts with its codec ("vp8-", "vp9-", "h264-"), and
/// descriptions of what the parsers read, so that a round trip can be compared field by field.
/// </summary>
internal static class CodecCorpus
{
    public static IReadOnlyList<(string Name, byte[] Bytes)> Load() => Corpus.Load("Codecs/Corpus");

    public static PayloadCodec CodecOf(string name) =>
        name.StartsWith("vp8-", StringComparison.Ordinal) ? PayloadCodec.Vp8
        : name.StartsWith("vp9-", StringComparison.Ordinal) ? PayloadCodec.Vp9
        : name.StartsWith("h264-", StringComparison.Ordinal) ? PayloadCodec.H264
        : throw new InvalidOperationException($"The corpus file {name} does not name its codec.");

    public static string Describe(in Vp8PayloadDescriptor d) =>
        $"n={d.IsNonReference} s={d.IsStartOfPartition} pid={d.PartitionIndex} picture={d.PictureId} long={d.HasLongPictureId} " +
        $"tl0={d.Tl0PicIdx} tid={d.TemporalLayerId} y={d.IsLayerSync} keyidx={d.KeyIndex} key={d.IsKeyFrame} data={d.Vp8Data.Length}";

    public static string Describe(in Vp9PayloadDescriptor d) =>
        $"len={d.Length} p={d.IsInterPicture} f={d.IsFlexibleMode} b={d.IsBeginningOfFrame} e={d.IsEndOfFrame} picture={d.PictureId} " +
        $"long={d.HasLongPictureId} tid={d.TemporalLayerId} sid={d.SpatialLayerId} tl0={d.Tl0PicIdx} ss={d.ScalabilitySpatialLayerCount} key={d.IsKeyFrame}";

    /// <summary>Re-encodes a parsed VP8 descriptor through the writer, followed by the same VP8 data.</summary>
    public static int Rewrite(in Vp8PayloadDescriptor d, Span<byte> destination)
    {
        if (!Vp8PayloadDescriptorWriter.TryWrite(destination, d.IsStartOfPartition, d.PartitionIndex, d.IsNonReference, d.PictureId,
                d.HasLongPictureId, d.Tl0PicIdx, d.TemporalLayerId, d.IsLayerSync, d.KeyIndex, out int length))
        {
            throw new InvalidOperationException("The writer refused fields the parser produced.");
        }

        d.Vp8Data.CopyTo(destination[length..]);
        return length + d.Vp8Data.Length;
    }
}
