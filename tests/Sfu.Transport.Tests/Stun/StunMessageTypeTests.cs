using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Stun;

/// <summary>RFC 8489 §5 figure 3: class bits interleaved with method bits.</summary>
public class StunMessageTypeTests
{
    [Theory]
    [InlineData(StunClass.Request, 0x001, 0x0001)]
    [InlineData(StunClass.Indication, 0x001, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x001, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x001, 0x0111)]
    [InlineData(StunClass.Request, 0x003, 0x0003)] // TURN Allocate
    [InlineData(StunClass.SuccessResponse, 0x003, 0x0103)]
    [InlineData(StunClass.Indication, 0x007, 0x0017)] // TURN Data
    [InlineData(StunClass.ErrorResponse, 0xFFF, 0x3FFF)]
    [InlineData(StunClass.Request, 0x080, 0x0200)]
    public void Class_and_method_pack_into_the_14_bit_type_and_back(StunClass messageClass, ushort method, ushort type)
    {
        StunMessageType.Encode(messageClass, method).Should().Be(type);
        StunMessageType.ClassOf(type).Should().Be(messageClass);
        StunMessageType.MethodOf(type).Should().Be(method);
    }

    [Fact]
    public void Every_14_bit_type_round_trips()
    {
        for (int type = 0; type < 0x4000; type++)
        {
            var t = (ushort)type;
            StunMessageType.Encode(StunMessageType.ClassOf(t), StunMessageType.MethodOf(t)).Should().Be(t);
        }
    }
}
