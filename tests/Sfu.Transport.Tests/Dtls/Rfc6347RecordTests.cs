using Sfu.Transport.Dtls;

namespace Sfu.Transport.Tests.Dtls;

/// <summary>The DTLS record header of RFC 6347 §4.1 and the ClientHello record-version fix built on it.</summary>
public class Rfc6347RecordTests
{
    [Fact]
    public void Record_header_fields_are_read_as_RFC_6347_section_4_1_lays_them_out()
    {
        byte[] datagram =
        [
            0x17,                               // type: application_data (23)
            0xFE, 0xFD,                         // version: DTLS 1.2
            0x00, 0x01,                         // epoch: 1
            0x00, 0x00, 0x01, 0x02, 0x03, 0x04, // sequence_number: 0x0000_0102_0304 (48 bits)
            0x00, 0x02,                         // length: 2
            0xCA, 0xFE,                         // fragment (ciphertext)
        ];

        DtlsRecord.TryRead(datagram, out DtlsRecord record).Should().BeTrue();

        record.ContentType.Should().Be(DtlsContentType.ApplicationData);
        record.Version.Should().Be(DtlsVersion.Dtls12);
        record.Epoch.Should().Be(1);
        record.SequenceNumber.Should().Be(0x0000_0102_0304UL);
        record.Fragment.ToArray().Should().Equal(0xCA, 0xFE);
        record.TotalLength.Should().Be(15);
    }

    [Fact]
    public void A_record_writes_back_to_the_bytes_it_was_read_from()
    {
        byte[] datagram =
        [
            0x15,                               // type: alert (21)
            0xFE, 0xFF,                         // version: DTLS 1.0
            0xAB, 0xCD,                         // epoch
            0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, // sequence_number: 2^48 - 1
            0x00, 0x02,                         // length: 2
            0x02, 0x28,                         // alert: fatal(2), handshake_failure(40)
        ];
        DtlsRecord.TryRead(datagram, out DtlsRecord record).Should().BeTrue();
        byte[] written = new byte[datagram.Length];

        record.TryWrite(written, out int length).Should().BeTrue();

        written.AsSpan(0, length).ToArray().Should().Equal(datagram);
        record.TryWrite(new byte[datagram.Length - 1], out _).Should().BeFalse();
    }

    [Theory]
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 })]             // 12 bytes: header cut short
    [InlineData(new byte[] { 0x16, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01 })]       // length 1, no fragment byte
    [InlineData(new byte[] { 0x18, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 })]       // type 24 (heartbeat): not ours
    [InlineData(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 })]       // TLS 1.2 version, not DTLS
    public void Records_that_cannot_be_DTLS_are_refused(byte[] datagram)
    {
        DtlsRecord.TryRead(datagram, out _).Should().BeFalse();
        DtlsDatagram.IsWellFormed(datagram).Should().BeFalse();
    }

    [Fact]
    public void A_datagram_of_several_records_is_well_formed_only_without_leftover_bytes()
    {
        byte[] twoRecords =
        [
            0x14, 0xFE, 0xFD, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x00, 0x01, // change_cipher_spec, epoch 0, seq 7, len 1
            0x01,                                                                         // change_cipher_spec message
            0x16, 0xFE, 0xFD, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, // handshake, epoch 1, seq 0, len 2
            0x9A, 0x5E,                                                                   // encrypted Finished (shortened)
        ];

        DtlsDatagram.IsWellFormed(twoRecords).Should().BeTrue();
        DtlsDatagram.IsWellFormed([.. twoRecords, 0x00]).Should().BeFalse();
        DtlsDatagram.IsWellFormed(twoRecords.AsSpan(0, twoRecords.Length - 1)).Should().BeFalse();
    }

    [Fact]
    public void A_ClientHello_record_with_version_FEFF_is_rewritten_to_FEFD()
    {
        byte[] datagram =
        [
            0x16,                               // type: handshake (22)
            0xFE, 0xFF,                         // version: DTLS 1.0, as browsers send a ClientHello
            0x00, 0x00,                         // epoch: 0
            0x00, 0x00, 0x00, 0x00, 0x00, 0x01, // sequence_number: 1 (a retransmission)
            0x00, 0x0E,                         // length: 14
            0x01,                               // msg_type: client_hello
            0x00, 0x00, 0x02,                   // length: 2
            0x00, 0x00,                         // message_seq: 0
            0x00, 0x00, 0x00,                   // fragment_offset: 0
            0x00, 0x00, 0x02,                   // fragment_length: 2
            0xFE, 0xFD,                         // client_version: DTLS 1.2 (body cut short)
        ];
        byte[] expected = (byte[])datagram.Clone();
        expected[2] = 0xFD;                     // version: DTLS 1.2, what BouncyCastle accepts after its ServerHello

        DtlsDatagram.RewriteClientHelloVersion(datagram).Should().Be(1);

        datagram.Should().Equal(expected);
        DtlsDatagram.RewriteClientHelloVersion(datagram).Should().Be(0, "the rewrite is idempotent");
    }

    [Fact]
    public void Records_other_than_an_epoch_0_ClientHello_keep_their_version()
    {
        byte[] datagram =
        [
            0x16, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, // handshake, FEFF, epoch 0, len 1
            0x02,                                                                         // msg_type: server_hello
            0x16, 0xFE, 0xFF, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, // handshake, FEFF, epoch 1, len 1
            0x01,                                                                         // ciphertext that happens to be 0x01
            0x15, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, // alert, FEFF, epoch 0, len 2
            0x01, 0x00,                                                                   // warning, close_notify
            0x16, 0xFE, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, // handshake, FEFF, epoch 0, len 1
            0x01,                                                                         // client_hello: this one changes
        ];
        byte[] before = (byte[])datagram.Clone();

        DtlsDatagram.RewriteClientHelloVersion(datagram).Should().Be(1);

        int lastRecord = 14 + 14 + 15;
        datagram.AsSpan(0, lastRecord).ToArray().Should().Equal(before.AsSpan(0, lastRecord).ToArray());
        datagram[lastRecord + 2].Should().Be(0xFD);
    }
}
