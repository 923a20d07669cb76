using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sfu.Web.Api;

/// <summary>Reads a request body as UTF-8 text up to a size limit, without trusting Content-Length alone.</summary>
public static class RequestBody
{
    /// <returns>The text, or null when the body is larger than <paramref name="limit"/> bytes (answer 413).</returns>
    public static async Task<string?> ReadTextAsync(HttpContext context, long limit)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        byte[] chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
