using Sfu.Transport.Ortc;

namespace Sfu.Transport.Tests.Ortc;

/// <summary>ScalabilityMode.Parse (mediasoup's lenient prefix parse) and JavaScript number printing.</summary>
public class ScalabilityModeAndNumberTests
{
    [Theory]
    [InlineData("L1T3", 1, 3, false)]
    [InlineData("L3T3_KEY", 3, 3, true)]
    [InlineData("S3T3", 3, 3, false)]
    [InlineData("L12T10", 12, 10, false)]
    [InlineData("L1T3h", 1, 3, false)]   // trailing text ignored
    [InlineData("L0T3", 1, 1, false)]    // layers start at 1
    [InlineData("l1t3", 1, 1, false)]    // case-sensitive
    [InlineData("", 1, 1, false)]
    [InlineData(null, 1, 1, false)]
    [InlineData("L١T3", 1, 1, false)]    // an Arabic-Indic digit is not a digit for JavaScript's \d
    public void Parses_layers_like_mediasoup(string? text, int spatial, int temporal, bool ksvc)
    {
        ScalabilityMode.Parse(text).Should().Be(new ScalabilityMode(spatial, temporal, ksvc));
    }

    [Theory]
    [InlineData(0d, "0")]
    [InlineData(4000000d, "4000000")]
    [InlineData(1.5d, "1.5")]
    [InlineData(-2.25d, "-2.25")]
    [InlineData(1e21d, "1e+21")]
    [InlineData(1e20d, "100000000000000000000")]
    [InlineData(0.000001d, "0.000001")]
    [InlineData(1e-7d, "1e-7")]
    [InlineData(1.2345e-9d, "1.2345e-9")]
    [InlineData(123456789012.5d, "123456789012.5")]
    [InlineData(0.1d, "0.1")]
    public void Numbers_print_as_javascript_prints_them(double value, string expected)
    {
        JsNumberFormat.Format(value).Should().Be(expected);
    }

    [Fact]
    public void Negative_zero_prints_as_zero()
    {
        JsNumberFormat.Format(-0d).Should().Be("0");
    }
}
