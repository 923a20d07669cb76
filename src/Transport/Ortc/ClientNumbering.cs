namespace Sfu.Transport.Ortc;

/// <summary>
/// Consumers for SDP clients. mediasoup-client adopts the router's payload types and header extension ids, but an SDP
/// answerer must send with the numbers of the offer (RFC 3264 §6.1, RFC 8285 §7), so a consumer for an SDP client is
/// built in router numbering and then renumbered into the client's. The forwarding path already rewrites payload types
/// and extension ids from the producer's to the consumer's, so the renumbering costs nothing per packet.
/// </summary>
public static class ClientNumbering
{
    /// <summary>
    /// The client's capabilities with each header extension given the router's id for the same kind and URI (and
    /// those the router does not know dropped): the consumer builder keeps only extensions whose ids agree.
    /// </summary>
    public static RtpCapabilities WithRouterExtensionIds(RtpCapabilities client, RtpCapabilities router)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(router);
        var extensions = new List<RtpHeaderExtension>();
        foreach (RtpHeaderExtension extension in client.HeaderExtensions)
        {
            RtpHeaderExtension? ours = router.HeaderExtensions.FirstOrDefault(r => r.Kind == extension.Kind && r.Uri == extension.Uri);
            if (ours is not null)
            {
                extensions.Add(extension with { PreferredId = ours.PreferredId });
            }
        }

        return client with { HeaderExtensions = extensions };
    }

    /// <summary>
    /// Renumbers consumer parameters (router numbering) into the client's: each media codec takes the payload type of
    /// the client codec it matches, each RTX codec the client RTX payload type whose apt names that media codec (and is
    /// dropped, with the encoding's RTX stream, when the client has none), each extension the client's id.
    /// </summary>
    public static RtpParameters ToClient(RtpParameters consumer, RtpCapabilities client)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(client);
        var mediaTypes = new Dictionary<int, int>();
        var codecs = new List<RtpCodecParameters>();
        foreach (RtpCodecParameters codec in consumer.Codecs.Where(c => !c.IsRtx()))
        {
            RtpCodecCapability? match = client.Codecs.FirstOrDefault(c => !c.IsRtx() && CodecMatching.Matches(c, codec, strict: true));
            if (match?.PreferredPayloadType is int payloadType)
            {
                mediaTypes[codec.PayloadType] = payloadType;
                codecs.Add(codec with { PayloadType = payloadType });
            }
        }

        foreach (RtpCodecParameters rtx in consumer.Codecs.Where(c => c.IsRtx()))
        {
            if (rtx.Parameters.Get("apt") is { } apt && apt.TryGetInteger(out int routerApt)
                && mediaTypes.TryGetValue(routerApt, out int clientApt)
                && client.Codecs.FirstOrDefault(c => c.IsRtx() && c.ClockRate == rtx.ClockRate
                    && c.Parameters.Get("apt") == CodecParameterValue.FromNumber(clientApt))?.PreferredPayloadType is int payloadType)
            {
                codecs.Add(rtx with { PayloadType = payloadType, Parameters = rtx.Parameters.With("apt", clientApt) });
            }
        }

        bool keepsRtx = codecs.Any(c => c.IsRtx());
        var extensions = new List<RtpHeaderExtensionParameters>();
        foreach (RtpHeaderExtensionParameters extension in consumer.HeaderExtensions)
        {
            MediaKind kind = consumer.Codecs.Count > 0 ? consumer.Codecs[0].Kind : MediaKind.Audio;
            if (client.HeaderExtensions.FirstOrDefault(e => e.Kind == kind && e.Uri == extension.Uri) is { } theirs)
            {
                extensions.Add(extension with { Id = theirs.PreferredId });
            }
        }

        return consumer with
        {
            Codecs = codecs,
            HeaderExtensions = extensions,
            Encodings = keepsRtx ? consumer.Encodings : [.. consumer.Encodings.Select(e => e with { Rtx = null })],
        };
    }
}
