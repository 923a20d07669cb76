using System.Text.Json;
using Sfu.Load.Media;
using Sfu.Load.Participants;

namespace Sfu.Web.Tests.Media;

/// <summary>
/// <c>GET /v1/stats</c> with real media through the server (PROTOCOL.md §1.6, R15–R16): the incoming bitrates come
/// from the router's measure of what the publisher's packets carry, per stream type, and the camera and screen
/// counts from the producers the session made.
/// </summary>
public sealed class MediaStatsTests
{
    private const uint AudioSsrc = 51_111;
    private const uint CameraSsrc = 52_222;
    private const uint ScreenSsrc = 53_333;
    private const int CameraPayload = 900;
    private const int ScreenPayload = 400;

    [Fact]
    public async Task Media_from_a_publisher_shows_as_incoming_audio_camera_and_screen_bitrates_in_the_stats()
    {
        await using MediaCall call = await MediaCall.StartAsync();
        Participant alice = await call.JoinAsync(1);
        await call.JoinAsync(2);
        await alice.ProduceAsync("audio", "audio", ProducerParameters.Opus("0", AudioSsrc, "alice"));
        await alice.ProduceAsync("camera", "video", ProducerParameters.Vp8("1", CameraSsrc, CameraSsrc + 1, "alice"));
        await alice.ProduceAsync("screen", "video", ProducerParameters.Vp8("2", ScreenSsrc, ScreenSsrc + 1, "alice"));
        await using var pump = new FramePump(call, frame => SendFrame(call, alice, frame), intervalMs: 20);

        JsonElement stats = default;
        await MediaCall.WaitUntilAsync(async () =>
        {
            stats = await ChannelStatsAsync(call);
            JsonElement rates = stats.GetProperty("incomingBitRate");
            return rates.GetProperty("audio").GetInt64() > 0 && rates.GetProperty("camera").GetInt64() > 0 && rates.GetProperty("screen").GetInt64() > 0;
        }, "the stats show alice's audio, camera and screen");

        stats.GetProperty("count").GetInt32().Should().Be(2);
        stats.GetProperty("cameraCount").GetInt32().Should().Be(1, "alice produces a camera");
        stats.GetProperty("screenCount").GetInt32().Should().Be(1, "alice shares a screen");
        JsonElement bitrates = stats.GetProperty("incomingBitRate");
        long audio = bitrates.GetProperty("audio").GetInt64();
        long camera = bitrates.GetProperty("camera").GetInt64();
        long screen = bitrates.GetProperty("screen").GetInt64();
        bitrates.GetProperty("total").GetInt64().Should().Be(audio + camera + screen);
        camera.Should().BeGreaterThan(screen, "each tick carries a {0}-byte camera frame and a {1}-byte screen frame", CameraPayload, ScreenPayload);
        screen.Should().BeGreaterThan(audio, "and an 80-byte opus frame");
    }

    private static async Task<JsonElement> ChannelStatsAsync(MediaCall call)
    {
        using JsonDocument all = JsonDocument.Parse(await call.Server.Http.GetStringAsync("/v1/stats"));
        return all.RootElement.EnumerateArray().Single(c => c.GetProperty("uuid").GetString() == call.Channel)
            .GetProperty("sessionsStats").Clone();
    }

    /// <summary>20 ms of opus, one camera frame and one screen frame per tick.</summary>
    private static void SendFrame(MediaCall call, Participant sender, int frame)
    {
        MediaFrames.SendOpus(call, sender, frame, AudioSsrc, "0");
        MediaFrames.SendVp8(call, sender, frame, CameraSsrc, "1", payloadSize: CameraPayload);
        MediaFrames.SendVp8(call, sender, frame, ScreenSsrc, "2", firstSequenceNumber: 7000, payloadSize: ScreenPayload);
    }
}
