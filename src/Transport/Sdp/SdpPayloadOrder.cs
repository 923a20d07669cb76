namespace Sfu.Transport.Sdp;

/// <summary>
/// The order in which a media section's per-payload-type lines are written: "*" first, then payload types in
/// m= line order, then any others by number. Parser and writer share it so that they agree.
/// </summary>
internal readonly struct SdpPayloadOrder(IReadOnlyList<string> formats)
{
    public int KeyOf(int? payloadType)
    {
        if (payloadType is not int number)
        {
            return -1;
        }

        string text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
        for (int i = 0; i < formats.Count; i++)
        {
            if (formats[i] == text)
            {
                return i;
            }
        }

        return formats.Count + number;
    }
}
