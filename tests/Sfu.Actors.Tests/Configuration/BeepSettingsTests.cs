using Sfu.Actors.Configuration;
using static Sfu.Actors.Tests.Configuration.SettingsTestSupport;

namespace Sfu.Actors.Tests.Configuration;

/// <summary>The Beep mode's settings: off by default, and the variables of the stand-alone service (PERMISSIONS_HOST, LISTEN).</summary>
public class BeepSettingsTests
{
    [Fact]
    public void The_mode_is_off_with_no_permission_host_and_no_second_address_by_default()
    {
        SfuSettings settings = FromEnvironment();
        settings.Beep.Should().Be(new BeepSettings(Enabled: false, PermissionsHost: null, MaxConnections: 1000, Listen: null));
        settings.Media.DominantSpeaker.Should().Be(new Sfu.Transport.Forwarding.DominantSpeakerSettings(60, 6, 300, 500));
    }

    [Theory]
    [InlineData(":80", "", 80)]
    [InlineData("127.0.0.1:9000", "127.0.0.1", 9000)]
    [InlineData("[::1]:9001", "::1", 9001)]
    [InlineData("localhost:81", "localhost", 81)]
    public void LISTEN_takes_host_and_port_as_the_stand_alone_service_did(string value, string host, int port) =>
        FromEnvironment(("LISTEN", value)).Beep.Listen.Should().Be(new ListenEndpoint(host, port));

    [Theory]
    [InlineData("80")]
    [InlineData(":0")]
    [InlineData(":65536")]
    [InlineData("example.com:80")]
    [InlineData("1.2.3:80")]
    public void A_bad_LISTEN_stops_start_up_naming_it(string value)
    {
        var load = () => FromEnvironment(("LISTEN", value));
        load.Should().Throw<SettingsException>().WithMessage("*LISTEN*");
    }

    [Fact]
    public void PERMISSIONS_HOST_must_be_an_http_url_and_loses_its_trailing_slash()
    {
        FromEnvironment(("PERMISSIONS_HOST", "http://permissions:8080/")).Beep.PermissionsHost.Should().Be("http://permissions:8080");
        var load = () => FromEnvironment(("PERMISSIONS_HOST", "permissions:8080"));
        load.Should().Throw<SettingsException>().WithMessage("*PERMISSIONS_HOST*");
    }
}
