using System.Text.RegularExpressions;
using Sfu.Transport.Ice;

namespace Sfu.Transport.Tests.Ice;

public partial class IceCredentialsTests
{
    [Fact]
    public void Generated_credentials_are_32_lowercase_alphanumerics_each_as_r68_requires()
    {
        for (int i = 0; i < 100; i++)
        {
            IceCredentials credentials = IceCredentials.Generate();

            LowercaseAlphanumeric32().IsMatch(credentials.UsernameFragment).Should().BeTrue(credentials.UsernameFragment);
            LowercaseAlphanumeric32().IsMatch(credentials.Password).Should().BeTrue();
        }
    }

    [Fact]
    public void Generated_credentials_differ_every_time()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 1000; i++)
        {
            IceCredentials credentials = IceCredentials.Generate();
            seen.Add(credentials.UsernameFragment).Should().BeTrue();
            seen.Add(credentials.Password).Should().BeTrue();
        }
    }

    [Fact]
    public void Password_stays_out_of_the_text_form()
    {
        var credentials = new IceCredentials("ufrag", "secret-password-value-xyz");

        credentials.ToString().Should().Contain("ufrag").And.NotContain("secret");
    }

    [Fact]
    public void Username_fragment_with_a_colon_is_refused()
    {
        Action create = () => _ = new IceCredentials("a:b", "password-password-pass");

        create.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Check_username_is_receiver_colon_sender()
    {
        var server = new IceCredentials("srv", "p1p1p1p1p1p1p1p1p1p1p1");
        var browser = new IceCredentials("brw", "p2p2p2p2p2p2p2p2p2p2p2");

        IceCredentials.CheckUsername(server, browser).Should().Equal("srv:brw"u8.ToArray());
    }

    [Fact]
    public void Username_splits_at_the_first_colon()
    {
        IceUsername.TrySplit("srv:brw:x"u8, out ReadOnlySpan<byte> receiver, out ReadOnlySpan<byte> sender).Should().BeTrue();

        receiver.SequenceEqual("srv"u8).Should().BeTrue();
        sender.SequenceEqual("brw:x"u8).Should().BeTrue();
        IceUsername.TrySplit("nocolon"u8, out _, out _).Should().BeFalse();
    }

    [GeneratedRegex("^[0-9a-z]{32}$")]
    private static partial Regex LowercaseAlphanumeric32();
}
