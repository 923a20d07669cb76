using Sfu.Transport.Codecs;
using Sfu.Transport.Tests.Rtp.Support;

namespace Sfu.Transport.Tests.Codecs;

/// <summary>RFC 6184 §5 packetizations and the key frame rule of PROTOCOL §7.2 (an SPS makes a key frame).</summary>
public class H264PayloadTests
{
    [Fact]
    public void Single_sps_nal_unit_is_a_key_frame()
    {
        H264Payload.IsKeyFrame(Hex.Parse("67 42 c0 1f")).Should().BeTrue();
    }

    [Fact]
    public void Stap_a_with_sps_pps_and_idr_is_a_key_frame()
    {
        byte[] payload = Hex.Parse("""
            18                  // STAP-A (type 24)
            00 04 67 42 c0 1f   // size 4: SPS
            00 03 68 ce 3c      // size 3: PPS
            00 02 65 88         // size 2: IDR slice
            """);

        H264Payload.TryReadNalUnits(payload, out H264NalUnits units).Should().BeTrue();

        units.Should().Be(H264NalUnits.SequenceParameterSet | H264NalUnits.PictureParameterSet | H264NalUnits.IdrSlice);
        H264Payload.IsKeyFrame(payload).Should().BeTrue();
    }

    [Fact]
    public void Fu_a_start_of_an_sps_is_a_key_frame_and_its_continuation_is_not()
    {
        H264Payload.IsKeyFrame(Hex.Parse("7c 87 42 c0")).Should().BeTrue();   // FU-A, S=1, type 7
        H264Payload.IsKeyFrame(Hex.Parse("7c 07 42 c0")).Should().BeFalse();  // FU-A, S=0
        H264Payload.IsStartOfPicture(Hex.Parse("7c 07 42 c0")).Should().BeFalse();
    }

    [Fact]
    public void Fu_a_start_of_an_idr_slice_is_reported_but_is_not_a_key_frame_without_sps()
    {
        byte[] payload = Hex.Parse("7c 85 88 80");

        H264Payload.TryReadNalUnits(payload, out H264NalUnits units).Should().BeTrue();

        units.Should().Be(H264NalUnits.IdrSlice);
        H264Payload.IsKeyFrame(payload).Should().BeFalse();
    }

    [Fact]
    public void Non_idr_slice_is_not_a_key_frame()
    {
        H264Payload.IsKeyFrame(Hex.Parse("41 9a 02")).Should().BeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("e7 42")]             // forbidden_zero_bit set
    [InlineData("18 00 05 67 42")]    // STAP-A unit longer than the packet
    [InlineData("18 00 00")]          // STAP-A unit of size 0
    [InlineData("18")]                // STAP-A without units
    [InlineData("7c")]                // FU-A without its header
    [InlineData("1a 00 00 00")]       // MTAP16 is not accepted
    [InlineData("1e 00")]             // reserved type 30
    public void Malformed_payloads_are_refused(string hex)
    {
        H264Payload.TryReadNalUnits(Hex.Parse(hex), out _).Should().BeFalse();
    }
}
