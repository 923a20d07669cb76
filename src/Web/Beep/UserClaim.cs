using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Sfu.Web.Beep;

/// <summary>
/// Who a Beep request comes from: the <c>X-User-Claim</c> header, JSON <c>{"userid": "...", "clientid": "..."}</c>, set
/// by the authenticating proxy in front (backend-auth behind traefik in the founding document). Nothing here checks
/// it: the mode is only safe behind that proxy.
/// </summary>
public sealed record UserClaim(string UserId, string ClientId)
{
    public const string Header = "X-User-Claim";

    /// <summary>The longest id accepted; they become URL path segments and session ids.</summary>
    private const int MaxIdLength = 256;

    /// <summary>The session id of this user's connection in the Beep channel.</summary>
    public string SessionKey => $"beep:{UserId}:{ClientId}";

    public static bool TryRead(HttpContext context, [NotNullWhen(true)] out UserClaim? claim, [NotNullWhen(false)] out string? problem)
    {
        claim = null;
        string? header = context.Request.Headers[Header].FirstOrDefault();
        if (string.IsNullOrWhiteSpace(header))
        {
            problem = $"missing {Header} header";
            return false;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(header);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && Id(root, "userid") is string user && Id(root, "clientid") is string client)
            {
                claim = new UserClaim(user, client);
                problem = null;
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON: a bad claim like any other.
        }

        problem = $"{Header} must be JSON {{\"userid\": \"…\", \"clientid\": \"…\"}}";
        return false;
    }

    private static string? Id(JsonElement root, string name) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 and <= MaxIdLength } text
            ? text
            : null;
}
