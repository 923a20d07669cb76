using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Sfu.Web.Sdp;

/// <summary>One WHIP or WHEP session as an HTTP resource (RFC 9725 §4.3): its URL, its client, and the token that made it.</summary>
public sealed record SdpResource(string Path, SdpClientBus Bus, string Token);

/// <summary>
/// The live WHIP and WHEP resources by URL path. A resource leaves when its session closes, whoever closed it, so
/// a DELETE after a kick answers 404. Resource ids are random (128 bits): the URL is not guessable.
/// </summary>
public sealed class SdpResources
{
    private readonly ConcurrentDictionary<string, SdpResource> _byPath = new(StringComparer.Ordinal);

    public int Count => _byPath.Count;

    public SdpResource Add(string collectionPath, SdpClientBus bus, string token)
    {
        string id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var resource = new SdpResource($"{collectionPath}/{id}", bus, token);
        _byPath[resource.Path] = resource;
        bus.Closed.ContinueWith(_ => _byPath.TryRemove(resource.Path, out SdpResource? _), TaskScheduler.Default);
        return resource;
    }

    public bool TryGet(string path, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SdpResource? resource) =>
        _byPath.TryGetValue(path, out resource);
}
