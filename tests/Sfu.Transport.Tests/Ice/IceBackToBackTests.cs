using Sfu.Transport.Ice;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Ice;

/// <summary>Our controlling client against our ICE-lite server, wired together in memory with a virtual clock.</summary>
public class IceBackToBackTests
{
    private static readonly TransportTuple ClientTuple = new(NetAddress.FromIPv4([10, 0, 0, 7]), 51234, TransportProtocol.Udp);

    private readonly IceCredentials serverCredentials = IceCredentials.Generate();
    private readonly IceCredentials clientCredentials = IceCredentials.Generate();
    private readonly byte[] request = new byte[IceClientAgent.MaxRequestLength];
    private readonly byte[] response = new byte[StunBindingResponses.MaxLength];

    [Fact]
    public void Client_check_nominates_and_learns_its_mapped_address()
    {
        var server = new IceLiteAgent(serverCredentials);
        var client = new IceClientAgent(clientCredentials, serverCredentials, priority: 1853817087);

        client.TryStartCheck(0, request, out int length).Should().BeTrue();
        server.HandleRequest(request.AsSpan(0, length), ClientTuple, response, out int responseLength, 0).Should().Be(IceCheckOutcome.Success);
        IceClientResponse result = client.HandleResponse(response.AsSpan(0, responseLength));

        result.Kind.Should().Be(IceClientResponseKind.Success);
        result.MappedAddress.Should().Be(ClientTuple.Address);
        result.MappedPort.Should().Be(ClientTuple.Port);
        server.State.Should().Be(IceState.Completed);
        server.SelectedTuple.Should().Be(ClientTuple);
    }

    [Fact]
    public void Client_with_the_wrong_server_password_gets_401_and_the_server_stays_new()
    {
        var server = new IceLiteAgent(serverCredentials);
        var impostor = new IceCredentials(serverCredentials.UsernameFragment, "not-the-password-at-all-00");
        var client = new IceClientAgent(clientCredentials, impostor, priority: 1);

        client.TryStartCheck(0, request, out int length);
        server.HandleRequest(request.AsSpan(0, length), ClientTuple, response, out int responseLength, 0).Should().Be(IceCheckOutcome.Unauthorized);
        IceClientResponse result = client.HandleResponse(response.AsSpan(0, responseLength));

        result.Kind.Should().Be(IceClientResponseKind.Error);
        result.ErrorCode.Should().Be(401);
        server.State.Should().Be(IceState.New);
    }

    [Fact]
    public void Lost_first_transmissions_are_recovered_by_retransmission()
    {
        var server = new IceLiteAgent(serverCredentials);
        var client = new IceClientAgent(clientCredentials, serverCredentials, priority: 1);
        client.TryStartCheck(0, request, out _); // lost on the way
        int delivered = 0;

        for (long now = 1; now < 10_000 && client.IsCheckPending; now++)
        {
            if (client.OnTimer(now, request, out int length) != IceClientTimerResult.Retransmit)
            {
                continue;
            }

            if (++delivered < 2)
            {
                continue; // the first retransmission is lost too
            }

            server.HandleRequest(request.AsSpan(0, length), ClientTuple, response, out int responseLength, now);
            client.HandleResponse(response.AsSpan(0, responseLength)).Kind.Should().Be(IceClientResponseKind.Success);
        }

        client.Transmissions.Should().Be(3);
        server.State.Should().Be(IceState.Completed);
    }

    [Fact]
    public void Periodic_consent_checks_keep_the_path_and_silence_loses_it_until_checks_resume()
    {
        var server = new IceLiteAgent(serverCredentials);
        var client = new IceClientAgent(clientCredentials, serverCredentials, priority: 1);
        var states = new List<IceState>();
        server.StateChanged = (_, to) => states.Add(to);

        // Five minutes of consent checks every 5 s (what browsers do), the server timer ticking every second.
        long now = 0;
        for (; now <= 300_000; now += 1_000)
        {
            if (now % 5_000 == 0)
            {
                Exchange(client, server, now);
            }

            server.CheckConsent(now);
        }

        states.Should().Equal(IceState.Completed);

        // The client goes quiet.
        long silentSince = now;
        while (server.State != IceState.Disconnected)
        {
            now += 1_000;
            server.CheckConsent(now);
        }

        (now - silentSince).Should().BeLessThanOrEqualTo(30_000);
        server.IsValidated(ClientTuple).Should().BeFalse();

        Exchange(client, server, now + 1_000);

        server.State.Should().Be(IceState.Completed);
        states.Should().Equal(IceState.Completed, IceState.Disconnected, IceState.Completed);
    }

    private void Exchange(IceClientAgent client, IceLiteAgent server, long now)
    {
        client.TryStartCheck(now, request, out int length);
        server.HandleRequest(request.AsSpan(0, length), ClientTuple, response, out int responseLength, now).Should().Be(IceCheckOutcome.Success);
        client.HandleResponse(response.AsSpan(0, responseLength)).Kind.Should().Be(IceClientResponseKind.Success);
    }
}
