using System.Text;
using Sfu.Transport.Rtcp;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Rtcp;

public class RtcpSourceDescriptionTests
{
    private static readonly byte[] CnameOnly = Hex.Parse("""
        81 ca 00 06   // V=2 P=0 SC=1 PT=SDES=202 length=6
        5d 2a 91 c7   // SSRC
        01 10 76 4b   // CNAME=1 length=16 "vK
        33 62 48 71   // 3bHq
        39 7a 50 32   // 9zP2
        6d 57 37 78   // mW7x
        52 74 00 00   // Rt" | END | padding to the word
        """);

    [Fact]
    public void Cname_chunk_is_read()
    {
        RtcpSourceDescription.TryParse(CnameOnly, out RtcpSourceDescription sdes).Should().BeTrue();

        sdes.ChunkCount.Should().Be(1);
        foreach (RtcpSdesChunk chunk in sdes.Chunks)
        {
            chunk.Ssrc.Should().Be(0x5d2a91c7);
            chunk.TryGetCanonicalName(out ReadOnlySpan<byte> cname).Should().BeTrue();
            Encoding.ASCII.GetString(cname).Should().Be("vK3bHq9zP2mW7xRt");
        }
    }

    [Fact]
    public void Cname_writer_produces_the_same_bytes()
    {
        byte[] buffer = new byte[64];

        RtcpSourceDescriptionWriter.TryWriteCanonicalName(buffer, 0x5d2a91c7, "vK3bHq9zP2mW7xRt"u8, out int length).Should().BeTrue();

        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(CnameOnly));
    }

    [Fact]
    public void Several_chunks_with_several_items_and_an_empty_chunk_are_walked_in_order()
    {
        byte[] bytes = Hex.Parse("""
            83 ca 00 07   // V=2 P=0 SC=3 PT=SDES=202 length=7
            00 00 00 01   // SSRC 1
            01 01 61 02   // CNAME=1 length=1 "a" | NAME=2
            02 62 63 00   // length=2 "bc" | END
            00 00 00 02   // SSRC 2
            00 00 00 00   // END, no item: four null octets
            00 00 00 03   // SSRC 3
            06 01 74 00   // TOOL "t" | END
            """);

        RtcpSourceDescription.TryParse(bytes, out RtcpSourceDescription sdes).Should().BeTrue();

        var seen = new List<string>();
        foreach (RtcpSdesChunk chunk in sdes.Chunks)
        {
            foreach (RtcpSdesItem item in chunk.Items)
            {
                seen.Add($"{chunk.Ssrc}:{item.Type}:{Encoding.ASCII.GetString(item.Text)}");
            }

            if (chunk.Ssrc == 2)
            {
                chunk.TryGetCanonicalName(out _).Should().BeFalse();
            }
        }

        seen.Should().Equal("1:CanonicalName:a", "1:Name:bc", "3:Tool:t");

        byte[] buffer = new byte[64];
        var writer = new RtcpSourceDescriptionWriter(buffer);
        writer.TryAddChunk(1).Should().BeTrue();
        writer.TryAddItem(RtcpSdesItemType.CanonicalName, "a"u8).Should().BeTrue();
        writer.TryAddItem(RtcpSdesItemType.Name, "bc"u8).Should().BeTrue();
        writer.TryAddChunk(2).Should().BeTrue();
        writer.TryAddChunk(3).Should().BeTrue();
        writer.TryAddItem(RtcpSdesItemType.Tool, "t"u8).Should().BeTrue();
        writer.TryFinish(out int length).Should().BeTrue();
        Hex.Format(buffer.AsSpan(0, length)).Should().Be(Hex.Format(bytes));
    }

    [Fact]
    public void Chunk_without_end_of_list_is_invalid()
    {
        byte[] bytes = Hex.Parse("""
            81 ca 00 02   // V=2 P=0 SC=1 PT=SDES=202 length=2
            00 00 00 01   // SSRC
            01 02 61 62   // CNAME "ab", and no END before the packet ends
            """);

        RtcpSourceDescription.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Item_running_past_the_packet_is_invalid()
    {
        byte[] bytes = Hex.Parse("""
            81 ca 00 02   // V=2 P=0 SC=1 PT=SDES=202 length=2
            00 00 00 01   // SSRC
            01 09 61 00   // CNAME of 9 bytes in a 4-byte word
            """);

        RtcpSourceDescription.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Source_count_beyond_the_chunks_is_invalid()
    {
        byte[] bytes = (byte[])CnameOnly.Clone();
        bytes[0] = 0x82;

        RtcpSourceDescription.TryParse(bytes, out _).Should().BeFalse();
    }

    [Fact]
    public void Writer_refuses_items_outside_a_chunk_end_items_and_long_texts()
    {
        var writer = new RtcpSourceDescriptionWriter(new byte[600]);

        writer.TryAddItem(RtcpSdesItemType.CanonicalName, "a"u8).Should().BeFalse();
        writer.TryAddChunk(1).Should().BeTrue();
        writer.TryAddItem(RtcpSdesItemType.End, "a"u8).Should().BeFalse();
        writer.TryAddItem(RtcpSdesItemType.Note, new byte[256]).Should().BeFalse();
        writer.TryAddItem(RtcpSdesItemType.Note, new byte[255]).Should().BeTrue();
    }
}
