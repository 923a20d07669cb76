namespace Sfu.Transport.Ortc;

/// <summary>
/// The CNAME of an upload transport (PROTOCOL §6.6.3 step 3, R76): fixed by the first producer, from its
/// non-empty rtcp.cname, or a random 8-character value when it has none (rid simulcast sends ""); then written
/// into every producer of the transport, so all consumers of one session share one CNAME (RFC 3550 §6.5.1 lip
/// sync). One instance per upload transport, used from that transport's owner only.
/// </summary>
public sealed class TransportCname
{
    private readonly Func<string> randomCname;

    public TransportCname(Func<string>? randomCname = null) =>
        this.randomCname = randomCname ?? (() => Guid.NewGuid().ToString()[..8]);

    /// <summary>The fixed CNAME, null until the first producer.</summary>
    public string? Value { get; private set; }

    /// <summary>Fixes the CNAME if needed and returns the producer parameters carrying it.</summary>
    public RtpParameters Apply(RtpParameters producerParameters)
    {
        ArgumentNullException.ThrowIfNull(producerParameters);
        Value ??= string.IsNullOrEmpty(producerParameters.Rtcp.Cname) ? randomCname() : producerParameters.Rtcp.Cname;
        return producerParameters with { Rtcp = producerParameters.Rtcp with { Cname = Value } };
    }
}
