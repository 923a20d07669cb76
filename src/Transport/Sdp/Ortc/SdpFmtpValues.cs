using System.Globalization;
using Sfu.Transport.Ortc;

namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// Format parameters (RFC 8866 §6.15) as ORTC codec parameters. SDP has only text; ORTC keeps numbers and strings
/// apart and compares them strictly (PROTOCOL §0.3), so a value is a number exactly when it reads back as the same
/// text ("1" and "96" are numbers; "42e01f" and "01" stay strings), which is how browsers' SDP libraries type them.
/// Parameters without a value (RED's "111/111") carry no key and are left out.
/// </summary>
public static class SdpFmtpValues
{
    public static CodecParameters ToCodecParameters(SdpFmtp? fmtp)
    {
        if (fmtp is null)
        {
            return CodecParameters.Empty;
        }

        var pairs = new List<(string, CodecParameterValue)>();
        foreach (SdpFmtpParameter parameter in fmtp.Parameters)
        {
            if (parameter.Value is string value && parameter.Key.Length > 0)
            {
                pairs.Add((parameter.Key, Typed(value)));
            }
        }

        return CodecParameters.Of(pairs);
    }

    public static CodecParameterValue Typed(string value) =>
        double.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double number)
        && JsNumberFormat.Format(number) == value
            ? CodecParameterValue.FromNumber(number)
            : CodecParameterValue.FromString(value);
}
