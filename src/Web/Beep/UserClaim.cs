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

    /// <summary>The session id of this user's connection in the Beep channel.</summary>
    public string SessionKey => $"beep:{UserId}:{ClientId}";

    /// <param name="maxIdLength">sfu.beep.max-id-length: longer ids are refused.</param>
    public static bool TryRead(HttpContext context, int maxIdLength, [NotNullWhen(true)] out UserClaim? claim, [NotNullWhen(false)] out string? problem)
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
                && Id(root, "userid", maxIdLength) is string user && Id(root, "clientid", maxIdLength) is string client)
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

        problem = $"{Header} must be JSON {{\"userid\": \"…\", \"clientid\": \"…\"}} with ids of 1 to {maxIdLength} characters";
        return false;
    }

    private static string? Id(JsonElement root, string name, int maxLength) =>
        root.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text && text.Length <= maxLength
            ? text
            : null;
}
