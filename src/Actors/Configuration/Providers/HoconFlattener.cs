using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Sfu.Actors.Configuration;

/// <summary>
/// Maps a HOCON tree onto Microsoft.Extensions.Configuration keys: path elements joined by ':'
/// (sfu.http.port becomes sfu:http:port), array elements under their index (sfu:media:audio-codecs:0),
/// scalars as their text, null as a null value. Empty objects and arrays leave no key.
/// </summary>
public static class HoconFlattener
{
    public static Dictionary<string, string?> Flatten(HoconObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in root.Fields)
        {
            Add(data, key, value);
        }

        return data;
    }

    private static void Add(Dictionary<string, string?> data, string key, HoconValue value)
    {
        switch (value)
        {
            case HoconObject obj:
                foreach (var (childKey, child) in obj.Fields)
                {
                    Add(data, ConfigurationPath.Combine(key, childKey), child);
                }

                break;
            case HoconArray array:
                for (var i = 0; i < array.Elements.Count; i++)
                {
                    Add(data, ConfigurationPath.Combine(key, i.ToString(CultureInfo.InvariantCulture)), array.Elements[i]);
                }

                break;
            case HoconScalar scalar:
                data[key] = scalar.Kind == HoconValueKind.Null ? null : scalar.Text;
                break;
        }
    }
}
