using System.Security.Cryptography;
using System.Text;
using Sfu.Transport.Net;
using Sfu.Transport.Stun;

namespace Sfu.Transport.Tests.Stun;

/// <summary>
/// The four sample messages of RFC 5769 §2, laid out four bytes a row as the RFC prints them. The RFC pads
/// variable-length values with spaces (allowed: padding may be any value), so to reproduce a vector byte for byte
/// the writer's zero padding is overwritten with spaces before the integrity is appended.
/// </summary>
public class Rfc5769Tests
{
    private const string ShortTermPassword = "VOkJxbRl1RmTxUk/WvJxBt";

    // §2.1 Sample Request
    private static readonly byte[] SampleRequest = HexText.Parse("""
        00 01 00 58  # Request type and message length
        21 12 a4 42  # Magic cookie
        b7 e7 a7 01  # }
        bc 34 d6 86  # }  Transaction ID
        fa 87 df ae  # }
        80 22 00 10  # SOFTWARE attribute header
        53 54 55 4e  # }
        20 74 65 73  # }  User-agent...
        74 20 63 6c  # }  ...name
        69 65 6e 74  # }
        00 24 00 04  # PRIORITY attribute header
        6e 00 01 ff  # ICE priority value
        80 29 00 08  # ICE-CONTROLLED attribute header
        93 2f f9 b1  # }  Pseudo-random tie breaker...
        51 26 3b 36  # }   ...for ICE control
        00 06 00 09  # USERNAME attribute header
        65 76 74 6a  # }
        3a 68 36 76  # }  Username (9 bytes) and padding (3 bytes)
        59 20 20 20  # }
        00 08 00 14  # MESSAGE-INTEGRITY attribute header
        9a ea a7 0c  # }
        bf d8 cb 56  # }
        78 1e f2 b5  # }  HMAC-SHA1 fingerprint
        b2 d3 f2 49  # }
        c1 b5 71 a2  # }
        80 28 00 04  # FINGERPRINT attribute header
        e5 7a 3b cf  # CRC32 fingerprint
        """);

    // §2.2 Sample IPv4 Response
    private static readonly byte[] SampleIPv4Response = HexText.Parse("""
        01 01 00 3c  # Response type and message length
        21 12 a4 42  # Magic cookie
        b7 e7 a7 01  # }
        bc 34 d6 86  # }  Transaction ID
        fa 87 df ae  # }
        80 22 00 0b  # SOFTWARE attribute header
        74 65 73 74  # }
        20 76 65 63  # }  UTF-8 server name
        74 6f 72 20  # }
        00 20 00 08  # XOR-MAPPED-ADDRESS attribute header
        00 01 a1 47  # Address family (IPv4) and xor'd mapped port number
        e1 12 a6 43  # Xor'd mapped IPv4 address
        00 08 00 14  # MESSAGE-INTEGRITY attribute header
        2b 91 f5 99  # }
        fd 9e 90 c3  # }
        8c 74 89 f9  # }  HMAC-SHA1 fingerprint
        2a f9 ba 53  # }
        f0 6b e7 d7  # }
        80 28 00 04  # FINGERPRINT attribute header
        c0 7d 4c 96  # CRC32 fingerprint
        """);

    // §2.3 Sample IPv6 Response
    private static readonly byte[] SampleIPv6Response = HexText.Parse("""
        01 01 00 48  # Response type and message length
        21 12 a4 42  # Magic cookie
        b7 e7 a7 01  # }
        bc 34 d6 86  # }  Transaction ID
        fa 87 df ae  # }
        80 22 00 0b  # SOFTWARE attribute header
        74 65 73 74  # }
        20 76 65 63  # }  UTF-8 server name
        74 6f 72 20  # }
        00 20 00 14  # XOR-MAPPED-ADDRESS attribute header
        00 02 a1 47  # Address family (IPv6) and xor'd mapped port number
        01 13 a9 fa  # }
        a5 d3 f1 79  # }  Xor'd mapped IPv6 address
        bc 25 f4 b5  # }
        be d2 b9 d9  # }
        00 08 00 14  # MESSAGE-INTEGRITY attribute header
        a3 82 95 4e  # }
        4b e6 7b f1  # }
        17 84 c9 7c  # }  HMAC-SHA1 fingerprint
        82 92 c2 75  # }
        bf e3 ed 41  # }
        80 28 00 04  # FINGERPRINT attribute header
        c8 fb 0b 4c  # CRC32 fingerprint
        """);

    // §2.4 Sample Request with Long-Term Authentication
    private static readonly byte[] SampleLongTermRequest = HexText.Parse("""
        00 01 00 60  # Request type and message length
        21 12 a4 42  # Magic cookie
        78 ad 34 33  # }
        c6 ad 72 c0  # }  Transaction ID
        29 da 41 2e  # }
        00 06 00 12  # USERNAME attribute header
        e3 83 9e e3  # }
        83 88 e3 83  # }
        aa e3 83 83  # }  Username value (18 bytes) and padding (2 bytes)
        e3 82 af e3  # }
        82 b9 00 00  # }
        00 15 00 1c  # NONCE attribute header
        66 2f 2f 34  # }
        39 39 6b 39  # }
        35 34 64 36  # }
        4f 4c 33 34  # }  Nonce value
        6f 4c 39 46  # }
        53 54 76 79  # }
        36 34 73 41  # }
        00 14 00 0b  # REALM attribute header
        65 78 61 6d  # }
        70 6c 65 2e  # }  Realm value (11 bytes) and padding (1 byte)
        6f 72 67 00  # }
        00 08 00 14  # MESSAGE-INTEGRITY attribute header
        f6 70 24 65  # }
        6d d6 4a 3e  # }
        02 b8 e0 71  # }  HMAC-SHA1 fingerprint
        2e 85 c9 a2  # }
        8c a8 96 66  # }
        """);

    private static readonly byte[] SampleTransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    // U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9, and the password "The<U+00AD>M<U+00AA>tr<U+2168>" after SASLprep.
    private const string LongTermUsername = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    private const string LongTermPreparedPassword = "TheMatrIX";
    private const string LongTermRealm = "example.org";

    private static byte[] ShortTermKey => Encoding.ASCII.GetBytes(ShortTermPassword);

    [Fact]
    public void Sample_request_reads_as_an_ice_binding_request()
    {
        StunMessage.TryParse(SampleRequest, out StunMessage message).Should().BeTrue();

        message.Class.Should().Be(StunClass.Request);
        message.Method.Should().Be(StunMethod.Binding);
        message.TransactionId.ToArray().Should().Equal(SampleTransactionId);
        Encoding.UTF8.GetString(message.Username).Should().Be("evtj:h6vY");
        message.HasPriority.Should().BeTrue();
        message.Priority.Should().Be(0x6e0001ffu);
        message.HasIceControlled.Should().BeTrue();
        message.IceControlledTieBreaker.Should().Be(0x932ff9b151263b36ul);
        message.HasIceControlling.Should().BeFalse();
        message.HasUseCandidate.Should().BeFalse();
        message.HasFingerprint.Should().BeTrue();
        SoftwareOf(message).Should().Be("STUN test client");
    }

    [Fact]
    public void Sample_request_integrity_verifies_with_the_short_term_password_only()
    {
        StunMessage.TryParse(SampleRequest, out StunMessage message).Should().BeTrue();

        message.VerifyMessageIntegrity(ShortTermKey).Should().BeTrue();
        message.VerifyMessageIntegrity("VOkJxbRl1RmTxUk/WvJxBT"u8).Should().BeFalse();
    }

    [Fact]
    public void Sample_request_with_a_corrupted_fingerprint_is_not_stun()
    {
        byte[] corrupted = (byte[])SampleRequest.Clone();
        corrupted[^1] ^= 0x01;

        StunMessage.TryParse(corrupted, out _).Should().BeFalse();
    }

    [Fact]
    public void Writer_reproduces_the_sample_request_byte_for_byte()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, SampleTransactionId);
        writer.AppendAttribute(StunAttributeType.Software, "STUN test client"u8);
        writer.AppendPriority(0x6e0001ff);
        writer.AppendIceControlled(0x932ff9b151263b36);
        int usernameEnd = writer.Length + 4 + 9;
        writer.AppendUsername("evtj:h6vY"u8);
        buffer.AsSpan(usernameEnd, 3).Fill((byte)' ');
        writer.AppendMessageIntegrity(ShortTermKey);
        writer.AppendFingerprint();

        writer.TryComplete(out int length).Should().BeTrue();
        buffer.AsSpan(0, length).ToArray().Should().Equal(SampleRequest);
    }

    [Fact]
    public void Sample_ipv4_response_maps_to_192_0_2_1_port_32853()
    {
        StunMessage.TryParse(SampleIPv4Response, out StunMessage message).Should().BeTrue();

        message.Class.Should().Be(StunClass.SuccessResponse);
        message.Method.Should().Be(StunMethod.Binding);
        message.TryGetXorMappedAddress(out NetAddress address, out ushort port).Should().BeTrue();
        address.ToString().Should().Be("192.0.2.1");
        port.Should().Be(32853);
        message.VerifyMessageIntegrity(ShortTermKey).Should().BeTrue();
        message.HasFingerprint.Should().BeTrue();
        SoftwareOf(message).Should().Be("test vector");
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv4_response_byte_for_byte()
    {
        byte[] written = WriteSampleResponse(NetAddress.FromIPv4([192, 0, 2, 1]));

        written.Should().Equal(SampleIPv4Response);
    }

    [Fact]
    public void Sample_ipv6_response_maps_to_2001_db8_1234_5678_11_2233_4455_6677_port_32853()
    {
        StunMessage.TryParse(SampleIPv6Response, out StunMessage message).Should().BeTrue();

        message.TryGetXorMappedAddress(out NetAddress address, out ushort port).Should().BeTrue();
        address.IsIPv6.Should().BeTrue();
        address.ToString().Should().Be("2001:db8:1234:5678:11:2233:4455:6677");
        port.Should().Be(32853);
        message.VerifyMessageIntegrity(ShortTermKey).Should().BeTrue();
        message.HasFingerprint.Should().BeTrue();
    }

    [Fact]
    public void Writer_reproduces_the_sample_ipv6_response_byte_for_byte()
    {
        NetAddress.TryParse("2001:db8:1234:5678:11:2233:4455:6677", out NetAddress address).Should().BeTrue();

        byte[] written = WriteSampleResponse(address);

        written.Should().Equal(SampleIPv6Response);
    }

    [Fact]
    public void Long_term_request_integrity_verifies_with_the_md5_of_username_realm_password()
    {
        StunMessage.TryParse(SampleLongTermRequest, out StunMessage message).Should().BeTrue();

        message.Class.Should().Be(StunClass.Request);
        Encoding.UTF8.GetString(message.Username).Should().Be(LongTermUsername);
        message.HasFingerprint.Should().BeFalse();
        message.VerifyMessageIntegrity(LongTermKey()).Should().BeTrue();
        message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(LongTermPreparedPassword)).Should().BeFalse();
        AttributeTypesOf(message).Should().Equal(
            StunAttributeType.Username, StunAttributeType.Nonce, StunAttributeType.Realm, StunAttributeType.MessageIntegrity);
    }

    [Fact]
    public void Writer_reproduces_the_long_term_request_byte_for_byte()
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, Convert.FromHexString("78ad3433c6ad72c029da412e"));
        writer.AppendUsername(Encoding.UTF8.GetBytes(LongTermUsername));
        writer.AppendAttribute(StunAttributeType.Nonce, "f//499k954d6OL34oL9FSTvy64sA"u8);
        writer.AppendAttribute(StunAttributeType.Realm, "example.org"u8);
        writer.AppendMessageIntegrity(LongTermKey());

        writer.TryComplete(out int length).Should().BeTrue();
        buffer.AsSpan(0, length).ToArray().Should().Equal(SampleLongTermRequest);
    }

    // RFC 8489 §9.2.2 (long-term credentials, MD5 algorithm): key = MD5(username ":" realm ":" password).
    private static byte[] LongTermKey() =>
        MD5.HashData(Encoding.UTF8.GetBytes($"{LongTermUsername}:{LongTermRealm}:{LongTermPreparedPassword}"));

    private static byte[] WriteSampleResponse(NetAddress mapped)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, SampleTransactionId);
        int softwareEnd = writer.Length + 4 + 11;
        writer.AppendAttribute(StunAttributeType.Software, "test vector"u8);
        buffer[softwareEnd] = (byte)' ';
        writer.AppendXorMappedAddress(mapped, 32853);
        writer.AppendMessageIntegrity(ShortTermKey);
        writer.AppendFingerprint();
        writer.TryComplete(out int length).Should().BeTrue();
        return buffer.AsSpan(0, length).ToArray();
    }

    private static string? SoftwareOf(StunMessage message)
    {
        foreach (StunAttribute attribute in message.Attributes)
        {
            if (attribute.Type == StunAttributeType.Software)
            {
                return Encoding.UTF8.GetString(attribute.Value);
            }
        }

        return null;
    }

    private static List<ushort> AttributeTypesOf(StunMessage message)
    {
        var types = new List<ushort>();
        foreach (StunAttribute attribute in message.Attributes)
        {
            types.Add(attribute.Type);
        }

        return types;
    }
}
