namespace Sfu.Transport.Feedback;

/// <summary>What a call to <see cref="NackGenerator"/> asks its owner to do.</summary>
[Flags]
public enum NackGeneratorResult
{
    None = 0,

    /// <summary>The packet was one the generator was requesting: a retransmission filled the gap.</summary>
    Recovered = 1,

    /// <summary><see cref="NackGenerator.NackItems"/> holds items to send now.</summary>
    NackRequired = 2,

    /// <summary>Too much is missing to repair: ask the sender for a key frame.</summary>
    KeyFrameRequired = 4,
}
