namespace Sfu.Transport.Sdp;

/// <summary>
/// The order in which a media section's per-payload-type lines are written: "*" first, then payload types in
/// m= line order, then any others by number. Parser and writer share it so that they agree.
/// </summary>
internal sealed class SdpPayloadOrder
{
    private readonly Dictionary<int, int> positions = [];
    private readonly int formatCount;

    public SdpPayloadOrder(IReadOnlyList<string> formats)
    {
        formatCount = formats.Count;
        for (int i = 0; i < formats.Count; i++)
        {
            // Only the canonical spelling counts ("096" is not "96"): that is how the writer prints numbers.
            if (SdpText.TryParseInt(formats[i], SdpValueReader.MaxPayloadType, out int payloadType)
                && formats[i].Length == (payloadType < 10 ? 1 : payloadType < 100 ? 2 : 3))
            {
                positions.TryAdd(payloadType, i);
            }
        }
    }

    public int KeyOf(int? payloadType)
    {
        if (payloadType is not int number)
        {
            return -1;
        }

        return positions.TryGetValue(number, out int position) ? position : formatCount + number;
    }
}
