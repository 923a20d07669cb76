using System.Text;
using Sfu.Transport.Ice;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>PROTOCOL §6.2 and R68: the stcConfig / ctsConfig objects.</summary>
public class TransportParametersJsonTests
{
    private const string Ufrag = "k3v0x1m9q2r7a5d8z0c4b6n1p3s8t2e9";
    private const string Pwd = "w4y7u1i0o3p6a9s2d5f8g1h4j7k0l3z6";

    private static readonly IceCandidate[] Candidates =
        [IceCandidate.HostUdp("198.51.100.7", 40123), IceCandidate.HostTcpPassive("198.51.100.7", 44871)];

    [Fact]
    public void Writes_the_shape_of_section_6_2_with_udp_then_tcp_and_role_auto()
    {
        string json = TransportParametersJson.Write(
            "6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b", Ufrag, Pwd, Candidates, [new FingerprintParameter("sha-256", "3C:4F:A1")]);

        json.Should().Be(
            "{\"id\":\"6f1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b\"," +
            "\"iceParameters\":{\"usernameFragment\":\"" + Ufrag + "\",\"password\":\"" + Pwd + "\",\"iceLite\":true}," +
            "\"iceCandidates\":[" +
            "{\"foundation\":\"udpcandidate\",\"priority\":1076302079,\"ip\":\"198.51.100.7\",\"address\":\"198.51.100.7\",\"protocol\":\"udp\",\"port\":40123,\"type\":\"host\"}," +
            "{\"foundation\":\"tcpcandidate\",\"priority\":1076276479,\"ip\":\"198.51.100.7\",\"address\":\"198.51.100.7\",\"protocol\":\"tcp\",\"port\":44871,\"type\":\"host\",\"tcpType\":\"passive\"}]," +
            "\"dtlsParameters\":{\"fingerprints\":[{\"algorithm\":\"sha-256\",\"value\":\"3C:4F:A1\"}],\"role\":\"auto\"}}");
    }

    [Fact]
    public void Sha_256_is_moved_last_because_the_client_only_uses_the_last_fingerprint()
    {
        string json = TransportParametersJson.Write("t", Ufrag, Pwd, Candidates,
        [
            new FingerprintParameter("sha-1", "AA"),
            new FingerprintParameter("sha-256", "BB"),
            new FingerprintParameter("sha-512", "CC"),
        ]);

        json.Should().Contain("\"fingerprints\":[{\"algorithm\":\"sha-1\",\"value\":\"AA\"},{\"algorithm\":\"sha-512\",\"value\":\"CC\"},{\"algorithm\":\"sha-256\",\"value\":\"BB\"}]");
    }

    [Fact]
    public void Sctp_parameters_are_absent_unless_given()
    {
        TransportParametersJson.Write("t", Ufrag, Pwd, Candidates, [new FingerprintParameter("sha-256", "BB")])
            .Should().NotContain("sctpParameters");
        TransportParametersJson.Write("t", Ufrag, Pwd, Candidates, [new FingerprintParameter("sha-256", "BB")], new SctpParameters(5000, 1024, 1024, 262144))
            .Should().EndWith(",\"sctpParameters\":{\"port\":5000,\"OS\":1024,\"MIS\":1024,\"maxMessageSize\":262144}}");
    }

    [Fact]
    public void An_empty_fingerprint_list_is_refused()
    {
        Action write = () => TransportParametersJson.Write("t", Ufrag, Pwd, Candidates, []);

        write.Should().Throw<ArgumentException>();
    }
}

/// <summary>The client's dtlsParameters in CONNECT_*_TRANSPORT (PROTOCOL §4.5.2, §7.1).</summary>
public class RemoteDtlsParametersTests
{
    private const string Sha256 = "0F:A8:3C:4F:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:01:02:03:04:05:06:07:08:09:0A:0B:BB";

    [Fact]
    public void Browser_client_role_makes_the_server_the_dtls_server()
    {
        RemoteDtlsParameters parameters = RemoteDtlsParameters.Read(OrtcSamples.Corpus("handmade-connect-dtls-parameters"));

        parameters.Role.Should().Be(AnnouncedDtlsRole.Client);
        parameters.LocalRole.Should().Be(Sfu.Transport.Dtls.DtlsRole.Server);
        parameters.Fingerprints.Should().ContainSingle().Which.Algorithm.Should().Be("sha-256");
    }

    [Theory]
    [InlineData("\"server\"", Sfu.Transport.Dtls.DtlsRole.Client)]
    [InlineData("\"auto\"", Sfu.Transport.Dtls.DtlsRole.Client)]
    public void Server_or_auto_roles_leave_the_server_the_dtls_client(string role, Sfu.Transport.Dtls.DtlsRole expected)
    {
        Read("{\"role\":" + role + ",\"fingerprints\":[{\"algorithm\":\"sha-256\",\"value\":\"" + Sha256 + "\"}]}")
            .LocalRole.Should().Be(expected);
    }

    [Fact]
    public void Missing_role_means_auto()
    {
        Read("{\"fingerprints\":[{\"algorithm\":\"sha-256\",\"value\":\"" + Sha256 + "\"}]}").Role.Should().Be(AnnouncedDtlsRole.Auto);
    }

    [Theory]
    [InlineData("[]", "dtlsParameters is not an object")]
    [InlineData("{\"role\":\"client\"}", "missing dtlsParameters.fingerprints")]
    [InlineData("{\"role\":\"client\",\"fingerprints\":[]}", "missing dtlsParameters.fingerprints")]
    [InlineData("{\"role\":\"actpass\",\"fingerprints\":[]}", "invalid dtlsParameters.role [actpass]")]
    [InlineData("{\"role\":1,\"fingerprints\":[]}", "invalid dtlsParameters.role")]
    [InlineData("{\"fingerprints\":[{\"algorithm\":\"md5\",\"value\":\"AA\"}]}", "invalid fingerprint*")]
    [InlineData("{\"fingerprints\":[{\"algorithm\":\"sha-256\",\"value\":\"AA:BB\"}]}", "invalid fingerprint*")]
    [InlineData("{\"fingerprints\":[7]}", "fingerprint is not an object")]
    [InlineData("{\"fingerprints\":", "malformed JSON*")]
    public void Invalid_dtls_parameters_are_rejected_with_a_message(string json, string message)
    {
        Action read = () => Read(json);

        read.Should().Throw<OrtcException>().WithMessage(message);
    }

    private static RemoteDtlsParameters Read(string json) => RemoteDtlsParameters.Read(Encoding.UTF8.GetBytes(json));
}

/// <summary>PROTOCOL §5.10 and R65.</summary>
public class ProducerOptionsByKindTests
{
    [Fact]
    public void Default_max_video_bitrate_gives_the_section_5_10_object()
    {
        ProducerOptionsByKind.ToJson(4_000_000).Should().Be(OrtcSamples.Normalise("""
            {
              "audio": {"stopTracks": false, "disableTrackOnPause": false, "zeroRtpOnPause": true},
              "video": {
                "stopTracks": false, "disableTrackOnPause": false, "zeroRtpOnPause": true,
                "codecOptions": {"videoGoogleMinBitrate": 1000, "videoGoogleStartBitrate": 1000000, "videoGoogleMaxBitrate": 8000000},
                "encodings": [
                  {"scaleResolutionDownBy": 4, "maxBitrate": 1000000},
                  {"scaleResolutionDownBy": 2, "maxBitrate": 2000000},
                  {"scaleResolutionDownBy": 1, "maxBitrate": 4000000}
                ]
              }
            }
            """));
    }

    [Fact]
    public void Layer_bitrates_are_floored_quarters_and_halves()
    {
        string json = ProducerOptionsByKind.ToJson(1_000_003);

        json.Should().Contain("\"videoGoogleMaxBitrate\":2000006");
        json.Should().Contain("[{\"scaleResolutionDownBy\":4,\"maxBitrate\":250000},{\"scaleResolutionDownBy\":2,\"maxBitrate\":500001},{\"scaleResolutionDownBy\":1,\"maxBitrate\":1000003}]");
    }
}
