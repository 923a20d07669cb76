using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Srtp;

public sealed class SrtpSessionTests
{
    [Theory]
    [MemberData(nameof(SrtpTestPackets.Profiles), MemberType = typeof(SrtpTestPackets))]
    public void Dtls_client_and_server_sessions_from_one_export_talk_to_each_other(SrtpProfile profile)
    {
        byte[] material = [.. Enumerable.Range(1, SrtpKeys.ExportLength(profile)).Select(i => (byte)(i * 13))];
        using var client = new SrtpSession(SrtpKeys.FromExportedMaterial(profile, material, isDtlsClient: true));
        using var server = new SrtpSession(SrtpKeys.FromExportedMaterial(profile, material, isDtlsClient: false));
        byte[] rtp = SrtpTestPackets.Rtp(0xC11E, 1);
        byte[] rtcp = SrtpTestPackets.Rtcp(0xC11E);

        foreach ((SrtpSession from, SrtpSession to) in new[] { (client, server), (server, client) })
        {
            byte[] buffer = SrtpTestPackets.WithRoom(rtp);
            from.TryProtectRtp(buffer, rtp.Length, out int length).Should().BeTrue();
            to.TryUnprotectRtp(buffer, length, out int plainLength).Should().Be(SrtpResult.Ok);
            Hex.Format(buffer.AsSpan(0, plainLength)).Should().Be(Hex.Format(rtp));

            buffer = SrtpTestPackets.WithRoom(rtcp);
            from.TryProtectRtcp(buffer, rtcp.Length, out length).Should().BeTrue();
            to.TryUnprotectRtcp(buffer, length, out plainLength).Should().Be(SrtpResult.Ok);
            Hex.Format(buffer.AsSpan(0, plainLength)).Should().Be(Hex.Format(rtcp));
        }

        // Our own packets do not authenticate as the peer's: the two directions use different keys.
        byte[] echo = SrtpTestPackets.Protect(client.Outbound, SrtpTestPackets.Rtp(0xEC40, 1));
        SrtpTestPackets.Unprotect(client.Inbound, echo, out _).Should().Be(SrtpResult.AuthenticationFailed);
    }

    [Fact]
    public void A_context_used_in_the_wrong_direction_throws()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.AeadAes128Gcm);
        using (sender)
        using (receiver)
        {
            byte[] buffer = new byte[100];

            FluentActions.Invoking(() => receiver.TryProtectRtp(buffer, 50, out _)).Should().Throw<InvalidOperationException>();
            FluentActions.Invoking(() => sender.TryUnprotectRtcp(buffer, 50, out _)).Should().Throw<InvalidOperationException>();
        }
    }

    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 16, 12)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 16, 14)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 16, 12)]
    public void Master_key_or_salt_of_the_wrong_length_is_refused(SrtpProfile profile, int keyLength, int saltLength)
    {
        FluentActions.Invoking(() => SrtpContext.ForInbound(profile, new byte[keyLength], new byte[saltLength]))
            .Should().Throw<ArgumentException>();
    }

    [Fact]
    public void A_disposed_context_refuses_to_work()
    {
        (SrtpContext sender, SrtpContext receiver) = SrtpTestPackets.Pair(SrtpProfile.Aes128CmHmacSha1_80);
        sender.Dispose();
        receiver.Dispose();

        FluentActions.Invoking(() => sender.TryProtectRtp(new byte[100], 50, out _)).Should().Throw<ObjectDisposedException>();
    }
}
