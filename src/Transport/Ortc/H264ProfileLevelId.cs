namespace Sfu.Transport.Ortc;

/// <summary>H.264 profiles an SDP profile-level-id can name (RFC 6184 §8.1 table 5, plus Constrained High).</summary>
public enum H264Profile
{
    ConstrainedBaseline = 1,
    Baseline,
    Main,
    ConstrainedHigh,
    High,
    PredictiveHigh444,
}

/// <summary>
/// An H.264 profile-level-id (RFC 6184 §8.1): profile_idc, profile_iop, level_idc as three hex bytes. Levels are
/// level_idc values (10 = 1, 31 = 3.1…) with 0 standing for level 1b. Parsing and the answer rules are those of
/// libwebrtc's h264_profile_level_id as mediasoup uses them (PROTOCOL §6.6.2).
/// </summary>
public readonly record struct H264ProfileLevelId(H264Profile Profile, int Level)
{
    public const int Level1b = 0;

    /// <summary>What a missing profile-level-id means (libwebrtc's interop default, not RFC 6184's Baseline 1).</summary>
    public static H264ProfileLevelId Default { get; } = new(H264Profile.ConstrainedBaseline, 31);

    private const int ConstraintSet3Flag = 0x10;

    private static readonly int[] KnownLevels = [10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52];

    // (profile_idc, pattern of profile_iop msb first with x = either, profile); the first matching row wins.
    private static readonly (int Idc, string Iop, H264Profile Profile)[] Patterns =
    [
        (0x42, "x1xx0000", H264Profile.ConstrainedBaseline),
        (0x4D, "1xxx0000", H264Profile.ConstrainedBaseline),
        (0x58, "11xx0000", H264Profile.ConstrainedBaseline),
        (0x42, "x0xx0000", H264Profile.Baseline),
        (0x58, "10xx0000", H264Profile.Baseline),
        (0x4D, "0x0x0000", H264Profile.Main),
        (0x64, "00000000", H264Profile.High),
        (0x64, "00001100", H264Profile.ConstrainedHigh),
        (0xF4, "00000000", H264Profile.PredictiveHigh444),
    ];

    /// <summary>
    /// Parses a six-character profile-level-id. Only JSON strings qualify (a number never does). The hex is read
    /// like JavaScript's parseInt(text, 16), prefix-tolerant, since that is what decides matching upstream.
    /// </summary>
    public static bool TryParse(CodecParameterValue value, out H264ProfileLevelId result)
    {
        result = default;
        if (!value.IsString || value.Text!.Length != 6)
        {
            return false;
        }

        long numeric = JsParseHex(value.Text);
        if (numeric == 0)
        {
            return false;
        }

        int levelIdc = (int)(numeric & 0xFF);
        int profileIop = (int)((numeric >> 8) & 0xFF);
        int profileIdc = (int)((numeric >> 16) & 0xFF);
        int level;
        if (levelIdc == 11)
        {
            // For level_idc 11 the constraint_set3 flag tells level 1b from level 1.1 (RFC 6184 §8.1).
            level = (profileIop & ConstraintSet3Flag) != 0 ? Level1b : 11;
        }
        else if (Array.IndexOf(KnownLevels, levelIdc) >= 0)
        {
            level = levelIdc;
        }
        else
        {
            return false;
        }

        foreach ((int idc, string iop, H264Profile profile) in Patterns)
        {
            if (idc == profileIdc && Matches(iop, profileIop))
            {
                result = new H264ProfileLevelId(profile, level);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The profile-level-id of a parameters object: the default when the member is missing or falsy, otherwise the
    /// parsed value; false when present but not parseable.
    /// </summary>
    public static bool TryFromParameters(CodecParameters parameters, out H264ProfileLevelId result)
    {
        if (!parameters.TryGet("profile-level-id", out CodecParameterValue value) || !value.IsTruthy)
        {
            result = Default;
            return true;
        }

        return TryParse(value, out result);
    }

    /// <summary>Canonical text ("42e01f"); null for level 1b with a profile that has no 1b spelling.</summary>
    public string? ToSdpString()
    {
        if (Level == Level1b)
        {
            return Profile switch
            {
                H264Profile.ConstrainedBaseline => "42f00b",
                H264Profile.Baseline => "42100b",
                H264Profile.Main => "4d100b",
                _ => null,
            };
        }

        string prefix = Profile switch
        {
            H264Profile.ConstrainedBaseline => "42e0",
            H264Profile.Baseline => "4200",
            H264Profile.Main => "4d00",
            H264Profile.ConstrainedHigh => "640c",
            H264Profile.High => "6400",
            _ => "f400",
        };
        return prefix + Level.ToString("x2", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Level order with 1b between 1 and 1.1.</summary>
    public static bool IsLessLevel(int a, int b)
    {
        if (a == Level1b)
        {
            return b != 10 && b != Level1b;
        }

        if (b == Level1b)
        {
            return a != 10;
        }

        return a < b;
    }

    private static bool Matches(string pattern, int value)
    {
        for (int bit = 0; bit < 8; bit++)
        {
            char expected = pattern[bit];
            int actual = (value >> (7 - bit)) & 1;
            if (expected != 'x' && actual != expected - '0')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// JavaScript parseInt(text, 16) for at most six characters: leading white space, an optional sign, an optional
    /// 0x prefix, then as many hex digits as there are; NaN (no digit) is returned as 0, as the later bit operations
    /// see it. A negative value is kept in two's complement like JavaScript's 32-bit bit operations.
    /// </summary>
    private static long JsParseHex(string text)
    {
        int i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        bool negative = false;
        if (i < text.Length && (text[i] == '+' || text[i] == '-'))
        {
            negative = text[i] == '-';
            i++;
        }

        if (i + 1 < text.Length && text[i] == '0' && (text[i + 1] == 'x' || text[i + 1] == 'X'))
        {
            i += 2;
        }

        long value = 0;
        int digits = 0;
        for (; i < text.Length && Uri.IsHexDigit(text[i]); i++, digits++)
        {
            value = (value * 16) + Convert.ToInt32(text[i].ToString(), 16);
        }

        if (digits == 0)
        {
            return 0;
        }

        return negative ? (uint)(int)-value : value;
    }
}
