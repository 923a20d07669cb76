using Sfu.Transport.Ortc;

namespace Sfu.Transport.Media;

/// <summary>A new (paused) consumer and the parameters its client needs (§6.5), with its <c>mid</c> set.</summary>
public sealed record ConsumerCreated(string Id, MediaKind Kind, RtpParameters RtpParameters);

/// <summary>The router refused a request: unknown id, a transport connected twice, a producer it cannot map.</summary>
public sealed class MediaRouterException(string message) : Exception(message);
