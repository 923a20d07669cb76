using System.Buffers.Binary;

namespace Sfu.Transport.Net;

/// <summary>
/// Reassembles RFC 4571 frames from the arbitrary chunks a TCP receive returns. One decoder per connection,
/// used by the connection's owning thread only.
/// </summary>
/// <remarks>
/// A frame that lies whole inside the chunk is handed out as a slice of the chunk, with no copy. Only a frame cut
/// by a chunk boundary is gathered in a buffer the decoder keeps and reuses for the life of the connection, so the
/// steady state allocates nothing.
/// <code>
/// var input = chunk;
/// while (decoder.TryReadFrame(ref input, out var frame)) { Handle(frame); }
/// </code>
/// </remarks>
public sealed class Rfc4571FrameDecoder
{
    private const int InitialBufferLength = 2048;

    private byte[] buffer = [];
    private int headerBytes; // 0..2 bytes of the length prefix gathered so far
    private byte headerFirstByte;
    private int frameLength; // valid once headerBytes == 2
    private int frameBytes; // payload bytes gathered into buffer so far

    /// <summary>True while part of a frame (prefix or payload) is waiting for the next chunk.</summary>
    public bool HasPartialFrame => headerBytes != 0;

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> until one complete frame is available and returns it. The
    /// frame stays valid until the next call. False when the input ran out first; the leftover is kept for the
    /// next chunk. Zero-length frames carry nothing to deliver and are skipped.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySpan<byte> input, out ReadOnlySpan<byte> frame)
    {
        while (true)
        {
            if (headerBytes == 0)
            {
                if (input.Length >= Rfc4571Framer.HeaderLength)
                {
                    int length = BinaryPrimitives.ReadUInt16BigEndian(input);
                    if (input.Length >= Rfc4571Framer.HeaderLength + length)
                    {
                        // Fast path: the whole frame is in this chunk.
                        frame = input.Slice(Rfc4571Framer.HeaderLength, length);
                        input = input.Slice(Rfc4571Framer.HeaderLength + length);
                        if (length == 0)
                        {
                            continue;
                        }

                        return true;
                    }

                    StartPartial(length);
                    input = input.Slice(Rfc4571Framer.HeaderLength);
                }
                else if (input.Length == 1)
                {
                    headerFirstByte = input[0];
                    headerBytes = 1;
                    input = default;
                    frame = default;
                    return false;
                }
                else
                {
                    frame = default;
                    return false;
                }
            }
            else if (headerBytes == 1)
            {
                if (input.IsEmpty)
                {
                    frame = default;
                    return false;
                }

                int length = (headerFirstByte << 8) | input[0];
                input = input.Slice(1);
                StartPartial(length);
                if (length == 0)
                {
                    headerBytes = 0;
                    continue;
                }
            }

            // Gathering a payload that straddles chunks.
            int needed = frameLength - frameBytes;
            int take = Math.Min(needed, input.Length);
            input.Slice(0, take).CopyTo(buffer.AsSpan(frameBytes));
            input = input.Slice(take);
            frameBytes += take;
            if (frameBytes < frameLength)
            {
                frame = default;
                return false;
            }

            frame = buffer.AsSpan(0, frameLength);
            headerBytes = 0;
            frameBytes = 0;
            return true;
        }
    }

    /// <summary>Forgets any partial frame, e.g. when the connection is reused after an error.</summary>
    public void Reset()
    {
        headerBytes = 0;
        frameBytes = 0;
        frameLength = 0;
    }

    private void StartPartial(int length)
    {
        headerBytes = Rfc4571Framer.HeaderLength;
        frameLength = length;
        frameBytes = 0;
        if (buffer.Length < length)
        {
            // Grows at most a few times per connection, up to the 64 KiB cap of a 16-bit length.
            buffer = new byte[Math.Min(Rfc4571Framer.MaxFrameLength, Math.Max(length, Math.Max(InitialBufferLength, buffer.Length * 2)))];
        }
    }
}
