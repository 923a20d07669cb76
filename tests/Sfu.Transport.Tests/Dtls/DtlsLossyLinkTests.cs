using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>
/// Handshakes over a link that loses datagrams (after pion's dtls e2e lossy test): DTLS retransmission
/// (RFC 6347 §4.2.4) must get both sides connected. Seeds are fixed so every run loses the same datagrams.
/// </summary>
public class DtlsLossyLinkTests
{
    [Theory]
    [InlineData(DtlsRole.Server, 8)]
    [InlineData(DtlsRole.Client, 10)]
    public async Task Both_sides_connect_over_a_link_losing_20_percent_of_datagrams(DtlsRole ourRole, int seed)
    {
        using var link = new BackToBackLink(ourRole);
        link.AToB.LoseRandomly(0.20, seed);
        link.BToA.LoseRandomly(0.20, seed + 100);

        link.StartBoth();
        (DtlsResult client, DtlsResult server) = await link.CompleteBothAsync(TimeSpan.FromSeconds(60));

        client.Succeeded.Should().BeTrue(client.ToString());
        server.Succeeded.Should().BeTrue(server.ToString());
        client.Keys!.LocalMasterKey.Should().Equal(server.Keys!.RemoteMasterKey);
        (link.AToB.Dropped + link.BToA.Dropped).Should().BeGreaterThan(0, "the link really lost datagrams");
    }
}
