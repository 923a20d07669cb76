using Sfu.Transport.Dtls;
using DtlsTransport = Sfu.Transport.Dtls.DtlsTransport;
using Sfu.Transport.Srtp;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsHandshakeTests
{
    public static TheoryData<DtlsRole, SrtpProfile> RolesAndProfiles()
    {
        var data = new TheoryData<DtlsRole, SrtpProfile>();
        foreach (DtlsRole role in new[] { DtlsRole.Server, DtlsRole.Client })
        {
            foreach (SrtpProfile profile in DtlsOptions.DefaultSrtpProfiles)
            {
                data.Add(role, profile);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(RolesAndProfiles))]
    public async Task Handshake_succeeds_in_either_role_and_both_sides_derive_matching_keys(DtlsRole ourRole, SrtpProfile profile)
    {
        var only = new DtlsOptions { SrtpProfiles = [profile] };
        using var link = new BackToBackLink(ourRole, only, only);

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        client.Succeeded.Should().BeTrue(client.ToString());
        server.Succeeded.Should().BeTrue(server.ToString());
        client.Profile.Should().Be(profile);
        server.Profile.Should().Be(profile);
        SrtpKeys clientKeys = client.Keys!;
        SrtpKeys serverKeys = server.Keys!;
        clientKeys.LocalMasterKey.Should().HaveCount(SrtpProfileInfo.MasterKeyLength(profile));
        clientKeys.LocalMasterSalt.Should().HaveCount(SrtpProfileInfo.MasterSaltLength(profile));
        clientKeys.LocalMasterKey.Should().Equal(serverKeys.RemoteMasterKey);
        clientKeys.LocalMasterSalt.Should().Equal(serverKeys.RemoteMasterSalt);
        clientKeys.RemoteMasterKey.Should().Equal(serverKeys.LocalMasterKey);
        clientKeys.RemoteMasterSalt.Should().Equal(serverKeys.LocalMasterSalt);
        clientKeys.LocalMasterKey.Should().NotEqual(clientKeys.RemoteMasterKey, "each direction has its own key (RFC 5764 §4.2)");
        link.A.State.Should().Be(DtlsState.Connected);
        link.B.State.Should().Be(DtlsState.Connected);
    }

    [Fact]
    public async Task Each_side_reports_the_peer_certificate_fingerprint_it_verified()
    {
        using var link = new BackToBackLink(DtlsRole.Server);

        link.StartBoth();
        await link.CompleteBothAsync();

        (await link.A.Completion).PeerFingerprint.Should().Be(TestCertificates.Second.GetFingerprint("sha-256"));
        (await link.B.Completion).PeerFingerprint.Should().Be(TestCertificates.First.GetFingerprint("sha-256"));
    }

    [Fact]
    public async Task Default_options_negotiate_AEAD_AES_128_GCM()
    {
        using var link = new BackToBackLink(DtlsRole.Server);

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        client.Profile.Should().Be(SrtpProfile.AeadAes128Gcm);
        server.Profile.Should().Be(SrtpProfile.AeadAes128Gcm);
    }

    [Fact]
    public async Task Server_picks_its_most_preferred_profile_among_those_the_client_offers()
    {
        var serverPreference = new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes256Gcm, SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm] };
        var clientOffer = new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80] };
        using var link = new BackToBackLink(DtlsRole.Server, optionsA: serverPreference, optionsB: clientOffer);

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        server.Profile.Should().Be(SrtpProfile.Aes128CmHmacSha1_80);
        client.Profile.Should().Be(SrtpProfile.Aes128CmHmacSha1_80);
    }

    [Theory]
    [InlineData("sha-1")]
    [InlineData("sha-512")]
    public async Task Peer_certificate_is_checked_with_the_algorithm_of_the_signaled_fingerprint(string algorithm)
    {
        using var link = new BackToBackLink(DtlsRole.Server,
            expectedByA: TestCertificates.Second.GetFingerprint(algorithm),
            expectedByB: TestCertificates.First.GetFingerprint(algorithm));

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync();

        client.Succeeded.Should().BeTrue(client.ToString());
        server.Succeeded.Should().BeTrue(server.ToString());
        server.PeerFingerprint!.Algorithm.Should().Be(algorithm);
    }

    [Fact]
    public async Task Server_resends_its_final_flight_when_the_client_retransmits_after_the_handshake()
    {
        using var link = new BackToBackLink(DtlsRole.Server);
        // Lose the server's final flight (ChangeCipherSpec + Finished, one datagram) once: the server is connected,
        // the client is not, and only the connected server answering the client's retransmission
        // (RFC 6347 §4.2.4) lets the client finish.
        int finalFlightsSeen = 0;
        link.FromServer.DropWhen = datagram =>
            datagram[0] == DtlsContentType.ChangeCipherSpec && Interlocked.Increment(ref finalFlightsSeen) == 1;

        link.StartBoth();
        DtlsResult server = await link.Server.Completion.WaitAsync(TimeSpan.FromSeconds(20));
        DtlsResult client = await link.Client.Completion.WaitAsync(TimeSpan.FromSeconds(20));

        server.Succeeded.Should().BeTrue(server.ToString());
        client.Succeeded.Should().BeTrue(client.ToString());
        finalFlightsSeen.Should().BeGreaterThanOrEqualTo(2, "the server sent its final flight again after it was connected");
        client.Keys!.LocalMasterKey.Should().Equal(server.Keys!.RemoteMasterKey);
    }

    [Fact]
    public async Task Each_flight_travels_in_as_few_datagrams_as_the_1200_byte_limit_allows()
    {
        using var link = new BackToBackLink(DtlsRole.Server);

        link.StartBoth();
        await link.CompleteBothAsync();

        // ClientHello | client certificate flight; ServerHello..ServerHelloDone | ChangeCipherSpec + Finished.
        link.FromClient.Carried.Should().HaveCount(2);
        link.FromServer.Carried.Should().HaveCount(2);
        link.FromClient.Carried.Concat(link.FromServer.Carried).Should().OnlyContain(d => d.Length <= DtlsTransport.SendLimit);
        link.FromServer.Carried[0].Length.Should().BeGreaterThan(DtlsRecord.HeaderLength * 5, "five records share the datagram");
    }
}
