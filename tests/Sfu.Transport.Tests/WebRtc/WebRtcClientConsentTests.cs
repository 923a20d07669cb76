using Sfu.Transport.Net;
using Sfu.Transport.WebRtc;

namespace Sfu.Transport.Tests.WebRtc;

/// <summary>
/// Consent checks of a client-mode transport (RFC 7675 §5.1) when the server stops answering: the check pending
/// retransmits on its own timer, the next one waits for it, and the client's worker loop stays free for everything
/// else it runs (the load generator drives a hundred transports on one loop).
/// </summary>
public sealed class WebRtcClientConsentTests
{
    [Fact]
    public async Task A_consent_check_falling_due_while_the_previous_one_is_unanswered_waits_and_the_loop_stays_responsive()
    {
        var silence = new StunSilence();
        using WebRtcTestBed bed = await WebRtcTestBed.CreateAsync(new TestBedOptions
        {
            ServerSendFilter = silence,
            ClientConsentIntervalMs = 50,
            ClientIceRtoMs = 100,
        });
        await bed.ConnectAsync();
        long requestsBefore = bed.Client.Counters.IceRequestsSent;

        // The next check starts within 50 ms and its retransmissions come at 100, 200, 400 ms…: the consent time
        // passes many times while it is pending.
        silence.Enabled = true;
        await Task.Delay(800);

        Task<int> answer = bed.ClientLoop.InvokeAsync(() => 42);
        bool answered = await Task.WhenAny(answer, Task.Delay(TimeSpan.FromSeconds(10))) == answer;
        if (!answered)
        {
            bed.ClientLoop.Dispose(); // stops a spinning loop, which would otherwise outlive the test
        }

        answered.Should().BeTrue("the client's loop still runs posted work");
        bed.Client.Counters.IceRequestsSent.Should().BeGreaterThanOrEqualTo(requestsBefore + 3,
            "the pending check kept retransmitting on its own timer");
        bed.Errors.Should().BeEmpty();
    }

    /// <summary>Drops every STUN datagram the server sends once enabled: a server that stopped consenting.</summary>
    private sealed class StunSilence : IPacketSendFilter
    {
        private volatile bool _enabled;

        public bool Enabled
        {
            get => _enabled;
            set => _enabled = value;
        }

        public bool ShouldDrop(ReadOnlySpan<byte> packet, in TransportTuple remote) =>
            _enabled && PacketClassifier.Classify(packet) == PacketKind.Stun;
    }
}
