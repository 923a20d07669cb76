using System.Globalization;
using System.Text.Json.Nodes;
using Sfu.Actors.Channels;

namespace Sfu.Web.Api;

/// <summary>The <c>/v1/stats</c> body: one object per channel with exactly the members of PROTOCOL.md §1.6 (R15).</summary>
public static class StatsJson
{
    public static string Write(IEnumerable<ChannelStats> channels)
    {
        var array = new JsonArray();
        foreach (ChannelStats c in channels)
        {
            array.Add(new JsonObject
            {
                ["createDate"] = c.CreateDate.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                ["uuid"] = c.Uuid,
                ["remoteAddress"] = c.RemoteAddress,
                ["sessionsStats"] = new JsonObject
                {
                    ["count"] = c.SessionCount,
                    ["cameraCount"] = c.CameraCount,
                    ["screenCount"] = c.ScreenCount,
                    ["incomingBitRate"] = new JsonObject
                    {
                        ["audio"] = c.AudioBitrate,
                        ["camera"] = c.CameraBitrate,
                        ["screen"] = c.ScreenBitrate,
                        ["total"] = c.TotalBitrate,
                    },
                },
                ["webRtcEnabled"] = c.WebRtcEnabled,
            });
        }

        return array.ToJsonString();
    }
}
