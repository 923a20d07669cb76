using Org.BouncyCastle.Crypto.Tls;
using Sfu.Transport.Dtls;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsHandshakeFailureTests
{
    [Fact]
    public async Task Server_rejects_a_client_certificate_that_does_not_match_the_signaled_fingerprint()
    {
        using var link = new BackToBackLink(DtlsRole.Server, expectedByA: TestCertificates.Stranger.GetFingerprint("sha-256"));

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        server.Failure.Should().Be(DtlsFailure.BadCertificate);
        server.Alert.Should().Be(AlertDescription.bad_certificate);
        client.Failure.Should().Be(DtlsFailure.AlertReceived);
        client.Alert.Should().Be(AlertDescription.bad_certificate);
        link.Server.State.Should().Be(DtlsState.Failed);
        link.Client.State.Should().Be(DtlsState.Failed);
    }

    [Fact]
    public async Task Client_rejects_a_server_certificate_that_does_not_match_the_signaled_fingerprint()
    {
        using var link = new BackToBackLink(DtlsRole.Client, expectedByA: TestCertificates.Stranger.GetFingerprint("sha-256"));

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        client.Failure.Should().Be(DtlsFailure.BadCertificate);
        client.Alert.Should().Be(AlertDescription.bad_certificate);
        client.Keys.Should().BeNull();
        server.Failure.Should().Be(DtlsFailure.AlertReceived);
        server.Alert.Should().Be(AlertDescription.bad_certificate);
    }

    [Fact]
    public async Task Handshake_fails_with_NoSrtpProfile_when_the_peers_share_no_profile()
    {
        using var link = new BackToBackLink(DtlsRole.Server,
            optionsA: new DtlsOptions { SrtpProfiles = [SrtpProfile.Aes128CmHmacSha1_80] },
            optionsB: new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.AeadAes256Gcm] });

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        server.Failure.Should().Be(DtlsFailure.NoSrtpProfile);
        server.Detail.Should().Contain("[7, 8]", "the detail lists the code points the client offered");
        // The ServerHello without use_srtp usually reaches the client before the server's alert does.
        client.Failure.Should().BeOneOf(DtlsFailure.NoSrtpProfile, DtlsFailure.AlertReceived);
        client.Keys.Should().BeNull();
    }

    [Fact]
    public async Task Handshake_that_gets_no_answer_fails_with_Timeout()
    {
        using var pool = new DtlsHandshakePool(1);
        using var client = new DtlsEndpoint(DtlsRole.Client, TestCertificates.First, TestCertificates.Second.GetFingerprint("sha-256"),
            static _ => { }, new DtlsOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(200) }, pool);

        client.Start();
        DtlsResult result = await client.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        result.Failure.Should().Be(DtlsFailure.Timeout, result.ToString());
        client.State.Should().Be(DtlsState.Failed);
        (await client.Ended.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be(DtlsState.Failed);
    }

    [Fact]
    public async Task Closing_before_the_handshake_completes_reports_Closed()
    {
        using var pool = new DtlsHandshakePool(1);
        using var server = new DtlsEndpoint(DtlsRole.Server, TestCertificates.First, TestCertificates.Second.GetFingerprint("sha-256"),
            static _ => { }, pool: pool);
        server.Start();

        server.Close();

        DtlsResult result = await server.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        result.Failure.Should().Be(DtlsFailure.Closed);
        server.State.Should().Be(DtlsState.Closed);
    }

    [Fact]
    public async Task Server_waiting_for_its_first_datagram_holds_no_pool_thread()
    {
        // A handshake pair needs both threads; a third party holding one would starve it.
        using var pool = new DtlsHandshakePool(2);
        using var idleServer = new DtlsEndpoint(DtlsRole.Server, TestCertificates.First, TestCertificates.Second.GetFingerprint("sha-256"),
            static _ => { }, pool: pool);
        idleServer.Start();
        using var link = new BackToBackLink(DtlsRole.Server, pool: pool);

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        client.Succeeded.Should().BeTrue("both pool threads were free for this pair: {0}", client);
        server.Succeeded.Should().BeTrue(server.ToString());
        idleServer.State.Should().Be(DtlsState.Connecting);
    }

    [Fact]
    public void Start_twice_is_a_programming_error()
    {
        using var pool = new DtlsHandshakePool(1);
        using var server = new DtlsEndpoint(DtlsRole.Server, TestCertificates.First, TestCertificates.Second.GetFingerprint("sha-256"),
            static _ => { }, pool: pool);
        server.Start();

        Action again = server.Start;

        again.Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public async Task Start_after_Close_does_nothing()
    {
        using var pool = new DtlsHandshakePool(1);
        using var client = new DtlsEndpoint(DtlsRole.Client, TestCertificates.First, TestCertificates.Second.GetFingerprint("sha-256"),
            static _ => throw new InvalidOperationException("nothing may be sent"), pool: pool);
        client.Close();

        client.Start();

        client.State.Should().Be(DtlsState.Closed);
        (await client.Completion.WaitAsync(TimeSpan.FromSeconds(20))).Failure.Should().Be(DtlsFailure.Closed);
        pool.Queued.Should().Be(0);
        pool.Running.Should().Be(0);
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        Action noProfiles = () => new DtlsOptions { SrtpProfiles = [] }.Validate();
        Action unknownProfile = () => new DtlsOptions { SrtpProfiles = [(SrtpProfile)5] }.Validate();
        Action zeroTimeout = () => new DtlsOptions { HandshakeTimeout = TimeSpan.Zero }.Validate();

        noProfiles.Should().Throw<ArgumentException>().WithParameterName("SrtpProfiles");
        unknownProfile.Should().Throw<ArgumentException>().WithParameterName("SrtpProfiles");
        zeroTimeout.Should().Throw<ArgumentException>().WithParameterName("HandshakeTimeout");
    }
}
