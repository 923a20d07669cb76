using System.Text.Json;
using Sfu.Actors.Auth;
using Sfu.Actors.Channels;
using Sfu.Actors.Runtime;
using Sfu.Actors.Sessions;
using Sfu.Web.Api;

namespace Sfu.Web.Signaling;

/// <summary>The outcome of the first frame: a channel and session id to join, or the close code to answer with.</summary>
public sealed record Authentication(IActorRef? Channel, string? ChannelUuid, SessionId SessionId, int? FailureCode, string? Problem)
{
    public static Authentication Fail(int code, string problem) => new(null, null, default, code, problem);
}

/// <summary>
/// Authenticates a WebSocket by its first frame, following the decision table of PROTOCOL.md §3.2: a JSON object
/// <c>{"channelUUID", "jwt"}</c> or, in the legacy form, a JSON string holding the token.
/// </summary>
public sealed class FirstFrameAuthenticator(IActorRef registry, ServerKeys keys, TimeSpan askTimeout)
{
    /// <summary>The problem of a channel UUID that names no channel (HTTP callers answer 404 for it).</summary>
    public const string NoSuchChannel = "no such channel";

    public async Task<Authentication> AuthenticateAsync(ReadOnlyMemory<byte> frame)
    {
        JsonElement credentials;
        try
        {
            using JsonDocument document = JsonDocument.Parse(frame);
            credentials = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return Authentication.Fail(CloseCodes.Error, "first frame is not JSON");
        }

        if (credentials.ValueKind == JsonValueKind.Null)
        {
            return Authentication.Fail(CloseCodes.Error, "first frame is null");
        }

        string? channelUuid = null;
        if (credentials.ValueKind == JsonValueKind.Object && credentials.TryGetProperty("channelUUID", out JsonElement uuid)
            && JsTruthiness.IsTruthy(uuid))
        {
            channelUuid = uuid.ValueKind == JsonValueKind.String ? uuid.GetString() : uuid.GetRawText();
        }

        // jwt = credentials.jwt || credentials
        JsonElement jwt = credentials.ValueKind == JsonValueKind.Object && credentials.TryGetProperty("jwt", out JsonElement inner)
            && JsTruthiness.IsTruthy(inner) ? inner : credentials;
        if (jwt.ValueKind != JsonValueKind.String)
        {
            return Authentication.Fail(CloseCodes.AuthenticationFailed, "no token in the first frame");
        }

        ChannelFound? channel = channelUuid is null ? null : await FindAsync(channelUuid).ConfigureAwait(false);
        JwtResult token = keys.Verify(jwt.GetString()!, channel?.Key);
        if (!token.IsValid)
        {
            return Authentication.Fail(CloseCodes.AuthenticationFailed, $"token refused: {token.Failure}");
        }

        if (channelUuid is null && token.Claims.TryGetProperty("sfu_channel_uuid", out JsonElement claimed) && JsTruthiness.IsTruthy(claimed))
        {
            channel = await FindAsync(claimed.ValueKind == JsonValueKind.String ? claimed.GetString()! : claimed.GetRawText()).ConfigureAwait(false);
            if (channel?.Key is not null)
            {
                return Authentication.Fail(CloseCodes.AuthenticationFailed, "a channel with a key requires channelUUID");
            }
        }

        if (channel is null)
        {
            return Authentication.Fail(CloseCodes.AuthenticationFailed, NoSuchChannel);
        }

        if (!token.Claims.TryGetProperty("session_id", out JsonElement sessionClaim) || !JsTruthiness.IsTruthy(sessionClaim)
            || !SessionId.TryFrom(sessionClaim, out SessionId sessionId))
        {
            return Authentication.Fail(CloseCodes.AuthenticationFailed, "the token has no usable session_id");
        }

        return new Authentication(channel.Channel, channel.Uuid, sessionId, null, null);
    }

    private async Task<ChannelFound?> FindAsync(string uuid)
    {
        object answer = await registry.Ask(new FindChannel(uuid), askTimeout).ConfigureAwait(false);
        return answer as ChannelFound;
    }
}
