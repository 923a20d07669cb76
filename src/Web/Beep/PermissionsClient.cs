using Sfu.Actors.Configuration;

namespace Sfu.Web.Beep;

/// <summary>
/// The optional permission check of a join (PERMISSIONS_HOST): <c>GET {host}/user/{userid}/conversation/{id}</c>,
/// where only a 2xx answer allows it. Without a host every join is allowed; a host that cannot be reached refuses.
/// </summary>
public sealed class PermissionsClient(HttpClient http, SfuSettings settings, ILogger<PermissionsClient> log)
{
    public async Task<bool> MayJoinAsync(UserClaim user, string conversationId)
    {
        if (settings.Beep.PermissionsHost is not string host)
        {
            return true;
        }

        var url = new Uri($"{host}/user/{Uri.EscapeDataString(user.UserId)}/conversation/{Uri.EscapeDataString(conversationId)}");
        try
        {
            using var timeout = new CancellationTokenSource(settings.Signaling.RequestTimeout);
            using HttpResponseMessage response = await http.GetAsync(url, timeout.Token).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            log.LogWarning("Permission check {Url} failed ({Problem}); join refused", url, e.Message);
            return false;
        }
    }
}
