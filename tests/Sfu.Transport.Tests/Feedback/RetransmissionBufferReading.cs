using Sfu.Transport.Feedback;

namespace Sfu.Transport.Tests.Feedback;

/// <summary>Reads a stored packet into an array of its own, for assertions.</summary>
internal static class RetransmissionBufferReading
{
    public static bool TryGet(this RetransmissionBuffer buffer, ushort sequenceNumber, long nowMs, out byte[] packet)
    {
        byte[] copy = new byte[buffer.Settings.SlotSize];
        bool found = buffer.TryCopy(sequenceNumber, nowMs, copy, out int length);
        packet = copy[..length];
        return found;
    }
}
