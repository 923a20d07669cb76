using System.Buffers;

namespace Sfu.Transport.Rtp;

/// <summary>
/// The element grammar of RFC 8285 header extension blocks, shared by the packet view, its enumerator and the
/// writer. A "body" is the part of the block after the 4-byte extension header, a multiple of 4 bytes long.
/// </summary>
internal static class RtpHeaderExtensionElements
{
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>RFC 8285 §4.3: the two-byte form is 0x100 in the top 12 bits; the low 4 bits are "appbits".</summary>
    public const ushort TwoByteProfile = 0x1000;

    public const byte MaxOneByteId = 14;
    public const int MaxOneByteValueLength = 16;
    public const int MaxTwoByteValueLength = 255;

    /// <summary>RFC 8285 §4.2: this id ends the one-byte block; what follows it is not to be considered.</summary>
    private const byte OneByteStopId = 15;

    /// <summary>Above this size a conversion scratch copy comes from the pool instead of the stack.</summary>
    private const int StackScratchLimit = 256;

    public static RtpHeaderExtensionForm FormOf(ushort profile) =>
        profile == OneByteProfile ? RtpHeaderExtensionForm.OneByte
        : (profile & 0xFFF0) == TwoByteProfile ? RtpHeaderExtensionForm.TwoByte
        : RtpHeaderExtensionForm.Unknown;

    public static int ElementHeaderLength(RtpHeaderExtensionForm form) => form == RtpHeaderExtensionForm.OneByte ? 1 : 2;

    /// <summary>Whether an element with this id and value length can be written in <paramref name="form"/>.</summary>
    public static bool Fits(RtpHeaderExtensionForm form, int id, int valueLength) => form switch
    {
        RtpHeaderExtensionForm.OneByte => id is >= 1 and <= MaxOneByteId && valueLength is >= 1 and <= MaxOneByteValueLength,
        RtpHeaderExtensionForm.TwoByte => id is >= 1 and <= 255 && valueLength is >= 0 and <= MaxTwoByteValueLength,
        _ => false,
    };

    /// <summary>The form to use for a single new element: one-byte whenever it can carry it (RFC 8285 §4.1.1).</summary>
    public static RtpHeaderExtensionForm PreferredForm(int id, int valueLength) =>
        Fits(RtpHeaderExtensionForm.OneByte, id, valueLength) ? RtpHeaderExtensionForm.OneByte : RtpHeaderExtensionForm.TwoByte;

    /// <summary>
    /// Reads the element at or after <paramref name="offset"/>, skipping padding bytes (value 0, RFC 8285 §4.1).
    /// Returns false at the end of the body, at the one-byte stop id 15, or at an element running past the body:
    /// the elements before it stay usable, as §4.2 asks for the stop id.
    /// </summary>
    public static bool TryReadNext(
        ReadOnlySpan<byte> body,
        RtpHeaderExtensionForm form,
        ref int offset,
        out int elementStart,
        out byte id,
        out int valueStart,
        out int valueLength)
    {
        elementStart = 0;
        id = 0;
        valueStart = 0;
        valueLength = 0;
        if (form is not (RtpHeaderExtensionForm.OneByte or RtpHeaderExtensionForm.TwoByte))
        {
            return false;
        }

        while (offset < body.Length)
        {
            byte first = body[offset];
            if (form == RtpHeaderExtensionForm.OneByte)
            {
                int oneByteId = first >> 4;
                if (oneByteId == 0)
                {
                    // An id of 0 is a padding byte; its length nibble carries nothing.
                    offset++;
                    continue;
                }

                if (oneByteId == OneByteStopId)
                {
                    offset = body.Length;
                    return false;
                }

                int length = (first & 0x0F) + 1;
                if (offset + 1 + length > body.Length)
                {
                    offset = body.Length;
                    return false;
                }

                elementStart = offset;
                id = (byte)oneByteId;
                valueStart = offset + 1;
                valueLength = length;
                offset = valueStart + length;
                return true;
            }

            if (first == 0)
            {
                offset++;
                continue;
            }

            if (offset + 2 > body.Length || offset + 2 + body[offset + 1] > body.Length)
            {
                offset = body.Length;
                return false;
            }

            elementStart = offset;
            id = first;
            valueStart = offset + 2;
            valueLength = body[offset + 1];
            offset = valueStart + valueLength;
            return true;
        }

        return false;
    }

    /// <summary>Writes one element (header and value) at the start of <paramref name="destination"/>; returns its size.</summary>
    public static int WriteElement(Span<byte> destination, RtpHeaderExtensionForm form, byte id, ReadOnlySpan<byte> value)
    {
        if (form == RtpHeaderExtensionForm.OneByte)
        {
            destination[0] = (byte)((id << 4) | (value.Length - 1));
            value.CopyTo(destination[1..]);
            return 1 + value.Length;
        }

        destination[0] = id;
        destination[1] = (byte)value.Length;
        value.CopyTo(destination[2..]);
        return 2 + value.Length;
    }

    /// <summary>The end of the last readable element: everything after it is padding or ignored bytes.</summary>
    public static int UsedLength(ReadOnlySpan<byte> body, RtpHeaderExtensionForm form)
    {
        int offset = 0;
        int used = 0;
        while (TryReadNext(body, form, ref offset, out _, out _, out _, out _))
        {
            used = offset;
        }

        return used;
    }

    /// <summary>Whether every element of the body can be re-encoded in <paramref name="form"/>.</summary>
    public static bool AllFit(ReadOnlySpan<byte> body, RtpHeaderExtensionForm sourceForm, RtpHeaderExtensionForm form)
    {
        int offset = 0;
        while (TryReadNext(body, sourceForm, ref offset, out _, out byte id, out _, out int length))
        {
            if (!Fits(form, id, length))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Bytes the readable elements of the body, except those with id <paramref name="excludedId"/>, take once
    /// re-encoded in <paramref name="form"/>, without padding.
    /// </summary>
    public static int EncodedLength(ReadOnlySpan<byte> body, RtpHeaderExtensionForm sourceForm, RtpHeaderExtensionForm form, int excludedId)
    {
        int offset = 0;
        int total = 0;
        while (TryReadNext(body, sourceForm, ref offset, out _, out byte id, out _, out int length))
        {
            if (id != excludedId)
            {
                total += ElementHeaderLength(form) + length;
            }
        }

        return total;
    }

    /// <summary>
    /// Keeps, renames or drops each element in place, packing the kept ones to the front and zeroing the rest of
    /// the body (zero bytes are padding). With <paramref name="useMap"/>, <paramref name="idMap"/>[id] is the new
    /// id and 0 (or an id beyond the map) drops the element; otherwise only elements with id
    /// <paramref name="removeId"/> are dropped. The caller has checked that every new id fits the form.
    /// Returns the bytes the kept elements use.
    /// </summary>
    public static int Compact(Span<byte> body, RtpHeaderExtensionForm form, ReadOnlySpan<byte> idMap, bool useMap, int removeId)
    {
        int readOffset = 0;
        int writeOffset = 0;
        while (TryReadNext(body, form, ref readOffset, out _, out byte id, out int valueStart, out int valueLength))
        {
            byte newId = useMap ? (id < idMap.Length ? idMap[id] : (byte)0) : (id == removeId ? (byte)0 : id);
            if (newId == 0)
            {
                continue;
            }

            // The write position never passes the read position, so the header written here only covers bytes
            // already consumed, and the overlapping value move is safe with Span.CopyTo.
            if (form == RtpHeaderExtensionForm.OneByte)
            {
                body[writeOffset] = (byte)((newId << 4) | (valueLength - 1));
                writeOffset++;
            }
            else
            {
                body[writeOffset] = newId;
                body[writeOffset + 1] = (byte)valueLength;
                writeOffset += 2;
            }

            body.Slice(valueStart, valueLength).CopyTo(body[writeOffset..]);
            writeOffset += valueLength;
        }

        body[writeOffset..].Clear();
        return writeOffset;
    }

    /// <summary>
    /// Re-encodes the one-byte elements found in the first <paramref name="sourceLength"/> bytes of
    /// <paramref name="body"/> as two-byte elements written from the start of the same span, which must have
    /// room for <see cref="EncodedLength"/> bytes. Returns the bytes written.
    /// </summary>
    public static int ConvertOneByteToTwoByte(Span<byte> body, int sourceLength)
    {
        byte[]? rented = null;
        Span<byte> scratch = sourceLength <= StackScratchLimit
            ? stackalloc byte[StackScratchLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(sourceLength));
        try
        {
            ReadOnlySpan<byte> source = scratch[..sourceLength];
            body[..sourceLength].CopyTo(scratch);
            int readOffset = 0;
            int writeOffset = 0;
            while (TryReadNext(source, RtpHeaderExtensionForm.OneByte, ref readOffset, out _, out byte id, out int valueStart, out int valueLength))
            {
                writeOffset += WriteElement(body[writeOffset..], RtpHeaderExtensionForm.TwoByte, id, source.Slice(valueStart, valueLength));
            }

            return writeOffset;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public static int AlignTo4(int length) => (length + 3) & ~3;
}
