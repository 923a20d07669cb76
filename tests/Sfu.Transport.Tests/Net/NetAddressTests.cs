using System.Net;
using Sfu.Transport.Net;

namespace Sfu.Transport.Tests.Net;

public class NetAddressTests
{
    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("192.0.2.1")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("fe80::1")]
    [InlineData("2001:db8:1234:5678:11:2233:4455:6677")]
    [InlineData("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")]
    public void Address_round_trips_through_ip_address_and_bytes(string text)
    {
        IPAddress ip = IPAddress.Parse(text);

        NetAddress address = NetAddress.FromIPAddress(ip);

        address.ToIPAddress().Should().Be(ip);
        address.ToString().Should().Be(ip.ToString());
        var bytes = new byte[16];
        address.TryWriteBytes(bytes, out int written).Should().BeTrue();
        bytes[..written].Should().Equal(ip.GetAddressBytes());
        NetAddress.TryFromBytes(bytes.AsSpan(0, written), out NetAddress back).Should().BeTrue();
        back.Should().Be(address);
    }

    [Fact]
    public void Ipv4_and_its_ipv6_mapped_form_differ_until_unmapped()
    {
        NetAddress.TryParse("192.0.2.1", out NetAddress v4);
        NetAddress.TryParse("::ffff:192.0.2.1", out NetAddress mapped);

        mapped.Should().NotBe(v4);
        mapped.IsIPv4MappedToIPv6.Should().BeTrue();
        mapped.WithoutIPv4Mapping().Should().Be(v4);
        v4.WithoutIPv4Mapping().Should().Be(v4);
    }

    [Fact]
    public void Ipv4_zero_and_ipv6_unspecified_are_different_addresses()
    {
        NetAddress.TryParse("0.0.0.0", out NetAddress v4);
        NetAddress.TryParse("::", out NetAddress v6);

        v4.Should().NotBe(v6);
        v4.GetHashCode().Should().NotBe(v6.GetHashCode());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(15)]
    [InlineData(17)]
    public void Bytes_of_other_lengths_are_not_an_address(int length)
    {
        NetAddress.TryFromBytes(new byte[length], out _).Should().BeFalse();
    }

    [Fact]
    public void Text_that_is_not_an_address_does_not_parse()
    {
        NetAddress.TryParse("not-an-ip", out _).Should().BeFalse();
    }

    [Fact]
    public void Writing_into_a_short_buffer_fails()
    {
        NetAddress.TryParse("::1", out NetAddress v6);

        v6.TryWriteBytes(new byte[15], out int written).Should().BeFalse();
        written.Should().Be(0);
    }
}
