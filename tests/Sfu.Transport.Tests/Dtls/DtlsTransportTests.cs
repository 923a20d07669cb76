using Org.BouncyCastle.Crypto.Tls;
using Sfu.Transport.Dtls;
using DtlsTransport = Sfu.Transport.Dtls.DtlsTransport;

namespace Sfu.Transport.Tests.Dtls;

public class DtlsTransportTests
{
    // content type 22 (handshake), version 0xFEFF, epoch 0, sequence 0, length 4, then a ClientHello fragment start.
    private static readonly byte[] ClientHelloRecord =
    [
        0x16, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
        0x01, 0x00, 0x00, 0x00,
    ];

    // content type 23 (application data), version 0xFEFD, epoch 1, sequence 5, length 3.
    private static readonly byte[] ApplicationDataRecord =
    [
        0x17, 0xFE, 0xFD, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x03,
        0xAA, 0xBB, 0xCC,
    ];

    [Fact]
    public void Receive_returns_a_queued_datagram_unchanged()
    {
        var transport = new DtlsTransport(DtlsRole.Client, static _ => { });
        byte[] buffer = new byte[DtlsTransport.ReceiveLimit];

        transport.OnDatagram(ApplicationDataRecord).Should().BeTrue();
        int received = transport.Receive(buffer, 0, buffer.Length, 1000);

        buffer.AsSpan(0, received).ToArray().Should().Equal(ApplicationDataRecord);
        transport.AcceptedDatagrams.Should().Be(1);
        transport.PendingDatagrams.Should().Be(0);
    }

    [Fact]
    public void Receive_returns_minus_one_when_nothing_arrives_within_the_wait()
    {
        var transport = new DtlsTransport(DtlsRole.Client, static _ => { });
        byte[] buffer = new byte[DtlsTransport.ReceiveLimit];

        transport.Receive(buffer, 0, buffer.Length, 10).Should().Be(-1);
    }

    [Fact]
    public async Task A_blocked_receive_wakes_up_when_a_datagram_is_pushed()
    {
        var transport = new DtlsTransport(DtlsRole.Client, static _ => { });
        byte[] buffer = new byte[DtlsTransport.ReceiveLimit];
        using var receiving = new ManualResetEventSlim();
        Task<int> receive = Task.Factory.StartNew(() =>
        {
            receiving.Set();
            return transport.Receive(buffer, 0, buffer.Length, 0);
        }, TaskCreationOptions.LongRunning);
        receiving.Wait();

        transport.OnDatagram(ApplicationDataRecord);

        (await receive.WaitAsync(TimeSpan.FromSeconds(20))).Should().Be(ApplicationDataRecord.Length);
    }

    [Fact]
    public void Datagrams_beyond_the_queue_capacity_are_dropped_and_counted()
    {
        var transport = new DtlsTransport(DtlsRole.Client, static _ => { }, queueCapacity: 2);

        transport.OnDatagram(ApplicationDataRecord).Should().BeTrue();
        transport.OnDatagram(ApplicationDataRecord).Should().BeTrue();
        transport.OnDatagram(ApplicationDataRecord).Should().BeFalse();

        transport.DroppedDatagrams.Should().Be(1);
        transport.PendingDatagrams.Should().Be(2);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD })]
    [InlineData(new byte[] { 0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    [InlineData(new byte[] { 0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void Datagrams_that_are_not_DTLS_records_are_rejected_and_counted(byte[] datagram)
    {
        var transport = new DtlsTransport(DtlsRole.Server, static _ => { });

        transport.OnDatagram(datagram).Should().BeFalse();

        transport.MalformedDatagrams.Should().Be(1);
        transport.PendingDatagrams.Should().Be(0);
    }

    [Fact]
    public void Server_role_hands_BouncyCastle_the_ClientHello_with_record_version_FEFD()
    {
        var transport = new DtlsTransport(DtlsRole.Server, static _ => { });
        byte[] buffer = new byte[DtlsTransport.ReceiveLimit];

        transport.OnDatagram(ClientHelloRecord);
        int received = transport.Receive(buffer, 0, buffer.Length, 1000);

        buffer.AsSpan(1, 2).ToArray().Should().Equal(0xFE, 0xFD);
        buffer.AsSpan(3, received - 3).ToArray().Should().Equal(ClientHelloRecord.AsSpan(3).ToArray());
        ClientHelloRecord[2].Should().Be(0xFF, "the caller's datagram is not modified");
    }

    [Fact]
    public void Client_role_leaves_record_versions_alone()
    {
        var transport = new DtlsTransport(DtlsRole.Client, static _ => { });
        byte[] buffer = new byte[DtlsTransport.ReceiveLimit];

        transport.OnDatagram(ClientHelloRecord);
        int received = transport.Receive(buffer, 0, buffer.Length, 1000);

        buffer.AsSpan(0, received).ToArray().Should().Equal(ClientHelloRecord);
    }

    [Fact]
    public void Records_of_a_flight_go_out_together_in_one_datagram_when_BouncyCastle_turns_to_receive()
    {
        var sent = new List<byte[]>();
        var transport = new DtlsTransport(DtlsRole.Client, datagram => sent.Add(datagram.ToArray()));
        byte[] frame = [0x00, 0x15, 0xFE, 0xFD, 0x01, 0x02];

        transport.Send(frame, 1, 4);
        transport.Send(frame, 2, 3);
        sent.Should().BeEmpty("records wait for the rest of their flight");
        transport.Receive(new byte[DtlsTransport.ReceiveLimit], 0, DtlsTransport.ReceiveLimit, 1);

        sent.Should().ContainSingle().Which.Should().Equal(0x15, 0xFE, 0xFD, 0x01, 0xFE, 0xFD, 0x01);
    }

    [Fact]
    public void A_record_that_would_overflow_the_send_limit_starts_a_new_datagram()
    {
        var sent = new List<byte[]>();
        var transport = new DtlsTransport(DtlsRole.Client, datagram => sent.Add(datagram.ToArray()));
        byte[] record = new byte[700];

        transport.Send(record, 0, record.Length);
        transport.Send(record, 0, record.Length);
        transport.Flush();

        sent.Select(d => d.Length).Should().Equal(700, 700);
    }

    [Fact]
    public void Close_sends_what_is_queued_and_nothing_afterwards()
    {
        var sent = new List<byte[]>();
        var transport = new DtlsTransport(DtlsRole.Client, datagram => sent.Add(datagram.ToArray()));
        byte[] alert = [0x15, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 0x01, 0x00];

        transport.Send(alert, 0, alert.Length);
        transport.Close();
        transport.Send(alert, 0, alert.Length);
        transport.Flush();

        sent.Should().ContainSingle().Which.Should().Equal(alert);
        transport.IsClosed.Should().BeTrue();
    }

    [Fact]
    public void Receive_after_abort_throws_user_canceled_so_a_handshake_stops_at_once()
    {
        var transport = new DtlsTransport(DtlsRole.Server, static _ => { });
        transport.OnDatagram(ClientHelloRecord);
        byte[] buffer = new byte[DtlsTransport.ReceiveLimit];

        transport.Abort();
        Action receive = () => transport.Receive(buffer, 0, buffer.Length, 1000);

        receive.Should().Throw<TlsFatalAlert>().Which.AlertDescription.Should().Be(AlertDescription.user_canceled);
        transport.OnDatagram(ClientHelloRecord).Should().BeFalse("a closed transport takes nothing more");
    }

    [Fact]
    public void Limits_are_1200_to_send_and_1500_to_receive()
    {
        var transport = new DtlsTransport(DtlsRole.Server, static _ => { });

        transport.GetSendLimit().Should().Be(1200);
        transport.GetReceiveLimit().Should().Be(1500);
    }
}
