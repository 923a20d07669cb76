namespace Sfu.Transport.Sdp.Ortc;

/// <summary>
/// The stream types of a channel participant (PROTOCOL §5.4) that the sections of an SDP client stand for: its first
/// audio section is its microphone, its first video section its camera, a second video section its screen.
/// </summary>
public static class SdpStreamTypes
{
    public const string Audio = "audio";

    public const string Camera = "camera";

    public const string Screen = "screen";

    /// <summary>
    /// The type of each section that passes <paramref name="usable"/>, by mid, in offer order; sections beyond the
    /// three types are left out.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ByMid(SessionDescription offer, Func<MediaDescription, bool> usable)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(usable);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (MediaDescription section in offer.Media)
        {
            if (section.Mid is null || section.IsRejected || !section.IsRtp || !usable(section))
            {
                continue;
            }

            string? type = section.Kind switch
            {
                MediaDescription.Audio when !types.ContainsValue(Audio) => Audio,
                MediaDescription.Video when !types.ContainsValue(Camera) => Camera,
                MediaDescription.Video when !types.ContainsValue(Screen) => Screen,
                _ => null,
            };
            if (type is not null)
            {
                types[section.Mid] = type;
            }
        }

        return types;
    }
}
