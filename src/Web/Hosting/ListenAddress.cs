using System.Net;

namespace Sfu.Web.Hosting;

/// <summary>Turns HTTP_INTERFACE / RTC_INTERFACE text into an address to bind ("0.0.0.0", "::", "127.0.0.1", "localhost").</summary>
public static class ListenAddress
{
    public static IPAddress Parse(string text) => text switch
    {
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(text, out IPAddress? address) => address,
        _ => throw new FormatException($"\"{text}\" is not an IP address to listen on."),
    };
}
