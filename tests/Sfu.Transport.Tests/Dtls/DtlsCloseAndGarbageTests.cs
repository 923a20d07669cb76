using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsCloseAndGarbageTests
{
    [Theory]
    [InlineData(DtlsRole.Server)]
    [InlineData(DtlsRole.Client)]
    public async Task Close_notify_reaches_the_peer_as_Closed(DtlsRole closingRole)
    {
        using var link = new BackToBackLink(closingRole);
        link.StartBoth();
        await link.CompleteBothAsync();

        link.A.Close();

        link.A.State.Should().Be(DtlsState.Closed);
        (await link.B.Ended.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be(DtlsState.Closed);
        link.B.State.Should().Be(DtlsState.Closed);
    }

    [Fact]
    public async Task Garbage_datagrams_during_the_handshake_are_dropped_and_the_handshake_completes()
    {
        using var link = new BackToBackLink(DtlsRole.Server);
        var random = new Random(7);
        link.StartBoth();

        Task<(DtlsResult, DtlsResult)> handshake = link.CompleteBothAsync();
        while (!handshake.IsCompleted)
        {
            for (int i = 0; i < 20; i++)
            {
                byte[] garbage = RandomDatagram(random);
                link.A.OnDatagram(garbage);
                link.B.OnDatagram(garbage);
            }

            // Leave the two cores to the handshake between bursts.
            await Task.Delay(1);
        }

        (DtlsResult client, DtlsResult server) = await handshake;
        client.Succeeded.Should().BeTrue(client.ToString());
        server.Succeeded.Should().BeTrue(server.ToString());
        (link.A.Transport.MalformedDatagrams + link.B.Transport.MalformedDatagrams).Should().BeGreaterThan(0);
    }

    [Fact]
    public async Task Garbage_datagrams_after_the_handshake_leave_the_association_connected()
    {
        using var link = new BackToBackLink(DtlsRole.Server);
        link.StartBoth();
        await link.CompleteBothAsync();
        var random = new Random(11);

        for (int i = 0; i < 10_000; i++)
        {
            byte[] garbage = RandomDatagram(random);
            link.A.OnDatagram(garbage);
            link.B.OnDatagram(garbage);
        }

        link.A.State.Should().Be(DtlsState.Connected);
        link.B.State.Should().Be(DtlsState.Connected);
        link.B.Close();
        (await link.A.Ended.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be(DtlsState.Closed, "the association still works");
    }

    [Fact]
    public async Task Datagrams_after_close_are_ignored()
    {
        using var link = new BackToBackLink(DtlsRole.Server);
        link.StartBoth();
        await link.CompleteBothAsync();
        byte[] lastFromClient = link.FromClient.Carried[^1];

        link.Server.Close();
        await link.Server.Ended.WaitAsync(TimeSpan.FromSeconds(20));
        long acceptedBefore = link.Server.Transport.AcceptedDatagrams;

        link.Server.OnDatagram(lastFromClient);

        link.Server.Transport.AcceptedDatagrams.Should().Be(acceptedBefore);
        link.Server.State.Should().Be(DtlsState.Closed);
    }

    /// <summary>Random bytes, half of them starting like a DTLS record (content type 20..23) to get past the first check.</summary>
    private static byte[] RandomDatagram(Random random)
    {
        byte[] datagram = new byte[random.Next(0, 1600)];
        random.NextBytes(datagram);
        if (datagram.Length > 0 && random.Next(2) == 0)
        {
            datagram[0] = (byte)random.Next(20, 24);
        }

        return datagram;
    }
}
