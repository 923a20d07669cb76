using Sfu.Transport.Dtls;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Dtls;

public class SrtpProfileNegotiationTests
{
    private static readonly SrtpProfile[] Preference = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    [Theory]
    [InlineData(new[] { 0x0001, 0x0007 }, SrtpProfile.AeadAes128Gcm)]       // client order does not matter
    [InlineData(new[] { 0x0002, 0x0001 }, SrtpProfile.Aes128CmHmacSha1_80)]  // 0x0002 is not in our list
    [InlineData(new[] { 0x0008, 0x0001 }, SrtpProfile.AeadAes256Gcm)]
    public void Server_chooses_its_first_preference_that_the_client_offered(int[] offered, SrtpProfile expected)
    {
        SrtpProfileNegotiation.ChooseAsServer(Preference, offered).Should().Be(expected);
    }

    [Theory]
    [InlineData(new[] { 0x0002, 0x0005 })]
    [InlineData(new int[0])]
    [InlineData(null)]
    public void Server_finds_nothing_without_a_shared_profile(int[]? offered)
    {
        SrtpProfileNegotiation.ChooseAsServer(Preference, offered).Should().BeNull();
    }

    [Theory]
    [InlineData(new[] { 0x0008 }, SrtpProfile.AeadAes256Gcm)]
    [InlineData(new[] { 0x0002 }, null)]                 // not offered
    [InlineData(new[] { 0x0007, 0x0001 }, null)]         // the server must pick exactly one
    [InlineData(new int[0], null)]
    [InlineData(null, null)]
    public void Client_accepts_only_a_single_profile_it_offered(int[]? answered, SrtpProfile? expected)
    {
        SrtpProfileNegotiation.AcceptAsClient(Preference, answered).Should().Be(expected);
    }
}
