namespace Sfu.Transport.Forwarding;

/// <summary>
/// What a consumer does with one incoming packet, computed before any byte is touched: forward with these output
/// values, or drop for a named reason. <see cref="KeyFrameNeeded"/> tells the caller to ask the producer for a
/// key frame (of <see cref="KeyFrameLayer"/>); the caller coalesces those requests.
/// </summary>
public readonly struct ForwardDecision
{
    private ForwardDecision(
        DropReason dropReason,
        ushort sequenceNumber,
        uint timestamp,
        int pictureId,
        int tl0PicIdx,
        bool keyFrameNeeded,
        int keyFrameLayer)
    {
        DropReason = dropReason;
        SequenceNumber = sequenceNumber;
        Timestamp = timestamp;
        PictureId = pictureId;
        Tl0PicIdx = tl0PicIdx;
        KeyFrameNeeded = keyFrameNeeded;
        KeyFrameLayer = keyFrameLayer;
    }

    public static ForwardDecision Forward(ushort sequenceNumber, uint timestamp, int pictureId, int tl0PicIdx, bool keyFrameNeeded = false, int keyFrameLayer = 0) =>
        new(DropReason.None, sequenceNumber, timestamp, pictureId, tl0PicIdx, keyFrameNeeded, keyFrameLayer);

    public static ForwardDecision Drop(DropReason reason, bool keyFrameNeeded = false, int keyFrameLayer = 0) =>
        new(reason, 0, 0, -1, -1, keyFrameNeeded, keyFrameLayer);

    public bool ShouldForward => DropReason == DropReason.None;

    public DropReason DropReason { get; }

    public ushort SequenceNumber { get; }

    public uint Timestamp { get; }

    /// <summary>The rewritten picture id, or -1 to leave the descriptor's field as it is.</summary>
    public int PictureId { get; }

    /// <summary>The rewritten TL0PICIDX, or -1 to leave it.</summary>
    public int Tl0PicIdx { get; }

    public bool KeyFrameNeeded { get; }

    /// <summary>The producer layer (encoding index) the key frame is wanted from; 0 for a single stream.</summary>
    public int KeyFrameLayer { get; }

    public override string ToString() => ShouldForward
        ? $"forward seq={SequenceNumber} ts={Timestamp} pid={PictureId} tl0={Tl0PicIdx}{(KeyFrameNeeded ? $" +keyframe({KeyFrameLayer})" : string.Empty)}"
        : $"drop {DropReason}{(KeyFrameNeeded ? $" +keyframe({KeyFrameLayer})" : string.Empty)}";
}
