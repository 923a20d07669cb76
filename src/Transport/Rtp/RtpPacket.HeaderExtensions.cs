using System.Buffers.Binary;

namespace Sfu.Transport.Rtp;

/// <summary>Header extension access and in-place editing (RFC 8285).</summary>
public ref partial struct RtpPacket
{
    /// <summary>RFC 3550 §5.3.1: the extension length field counts 32-bit words in 16 bits.</summary>
    private const int MaxExtensionBodyLength = 4 * ushort.MaxValue;

    private readonly int ExtensionHeaderOffset => FixedHeaderLength + 4 * CsrcCount;

    /// <summary>The 16-bit "defined by profile" field, or 0 when the packet has no extension.</summary>
    public readonly ushort ExtensionProfile =>
        HasExtension ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.Slice(ExtensionHeaderOffset, 2)) : (ushort)0;

    public readonly RtpHeaderExtensionForm ExtensionForm =>
        HasExtension ? RtpHeaderExtensionElements.FormOf(ExtensionProfile) : RtpHeaderExtensionForm.None;

    /// <summary>The extension block after its 4-byte header (empty without an extension).</summary>
    public readonly Span<byte> ExtensionBody =>
        HasExtension ? _buffer[(ExtensionHeaderOffset + 4).._headerLength] : Span<byte>.Empty;

    /// <summary>The elements of a one-byte or two-byte block, in order; nothing for other profiles.</summary>
    public readonly RtpHeaderExtensionEnumerator Extensions => new(ExtensionBody, ExtensionForm);

    /// <summary>Finds the first element with this id; its value is a writable slice of the packet.</summary>
    public readonly bool TryGetExtension(byte id, out Span<byte> value)
    {
        Span<byte> body = ExtensionBody;
        RtpHeaderExtensionForm form = ExtensionForm;
        int offset = 0;
        while (RtpHeaderExtensionElements.TryReadNext(body, form, ref offset, out _, out byte elementId, out int valueStart, out int valueLength))
        {
            if (elementId == id)
            {
                value = body.Slice(valueStart, valueLength);
                return true;
            }
        }

        value = Span<byte>.Empty;
        return false;
    }

    /// <summary>Overwrites the value of an existing element of the same length, the per-packet case.</summary>
    public readonly bool TrySetExtensionValue(byte id, scoped ReadOnlySpan<byte> value)
    {
        if (!TryGetExtension(id, out Span<byte> current) || current.Length != value.Length)
        {
            return false;
        }

        value.CopyTo(current);
        return true;
    }

    /// <summary>
    /// Renames every element through <paramref name="idMap"/> (indexed by incoming id, giving the outgoing id)
    /// and removes the elements that map to 0 or lie beyond the map, compacting the block. Returns false, leaving
    /// the packet untouched, if an outgoing id does not fit the block's form (a one-byte block takes 1..14) or
    /// the block is not in an RFC 8285 form.
    /// </summary>
    public bool TryRewriteExtensionIds(scoped ReadOnlySpan<byte> idMap)
    {
        RtpHeaderExtensionForm form = ExtensionForm;
        if (form == RtpHeaderExtensionForm.None)
        {
            return true;
        }

        if (form == RtpHeaderExtensionForm.Unknown)
        {
            return false;
        }

        Span<byte> body = ExtensionBody;
        bool removesSome = false;
        int offset = 0;
        while (RtpHeaderExtensionElements.TryReadNext(body, form, ref offset, out _, out byte id, out _, out int valueLength))
        {
            byte newId = id < idMap.Length ? idMap[id] : (byte)0;
            if (newId == 0)
            {
                removesSome = true;
            }
            else if (!RtpHeaderExtensionElements.Fits(form, newId, valueLength))
            {
                return false;
            }
        }

        if (removesSome)
        {
            int used = RtpHeaderExtensionElements.Compact(body, form, idMap, useMap: true, removeId: 0);
            ResizeExtensionBody(used);
            return true;
        }

        offset = 0;
        while (RtpHeaderExtensionElements.TryReadNext(body, form, ref offset, out int elementStart, out byte id, out _, out _))
        {
            byte newId = idMap[id];
            body[elementStart] = form == RtpHeaderExtensionForm.OneByte
                ? (byte)((newId << 4) | (body[elementStart] & 0x0F))
                : newId;
        }

        return true;
    }

    /// <summary>
    /// Removes every element with this id, compacting the block; the block itself goes (and the X bit is
    /// cleared) once no element remains. Returns whether something was removed.
    /// </summary>
    public bool RemoveExtension(byte id)
    {
        if (!TryGetExtension(id, out _))
        {
            return false;
        }

        int used = RtpHeaderExtensionElements.Compact(ExtensionBody, ExtensionForm, ReadOnlySpan<byte>.Empty, useMap: false, removeId: id);
        ResizeExtensionBody(used);
        return true;
    }

    /// <summary>Drops the whole header extension, whatever its profile, and clears the X bit.</summary>
    public void RemoveAllExtensions()
    {
        if (HasExtension)
        {
            ResizeExtensionBody(0);
        }
    }

    /// <summary>
    /// Sets the value of the element with this id: in place when the length is unchanged, otherwise by removing
    /// the old element and appending the new one. Creates the block if needed (one-byte form when possible) and
    /// turns a one-byte block into a two-byte one when the element needs it (id above 14 or a value of 0 or more
    /// than 16 bytes). Returns false, leaving the packet untouched, if the buffer lacks room or the element
    /// cannot be encoded.
    /// </summary>
    public bool TrySetExtension(byte id, scoped ReadOnlySpan<byte> value)
    {
        if (TrySetExtensionValue(id, value))
        {
            return true;
        }

        RtpHeaderExtensionForm form = ExtensionForm;
        if (form == RtpHeaderExtensionForm.Unknown || !RtpHeaderExtensionElements.Fits(RtpHeaderExtensionForm.TwoByte, id, value.Length))
        {
            return false;
        }

        if (form == RtpHeaderExtensionForm.None)
        {
            return TryCreateExtensionBlock(id, value);
        }

        RtpHeaderExtensionForm targetForm = RtpHeaderExtensionElements.Fits(form, id, value.Length) ? form : RtpHeaderExtensionForm.TwoByte;
        Span<byte> body = ExtensionBody;
        int othersLength = RtpHeaderExtensionElements.EncodedLength(body, form, targetForm, id);
        int elementLength = RtpHeaderExtensionElements.ElementHeaderLength(targetForm) + value.Length;
        int newBodyLength = RtpHeaderExtensionElements.AlignTo4(othersLength + elementLength);
        if (newBodyLength > MaxExtensionBodyLength || _length + newBodyLength - body.Length > _buffer.Length)
        {
            return false;
        }

        int used = RtpHeaderExtensionElements.Compact(body, form, ReadOnlySpan<byte>.Empty, useMap: false, removeId: id);
        if (newBodyLength > body.Length)
        {
            ResizeExtensionBody(newBodyLength);
        }

        if (targetForm != form)
        {
            used = RtpHeaderExtensionElements.ConvertOneByteToTwoByte(ExtensionBody, used);
            ExtensionBody[used..].Clear();
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(ExtensionHeaderOffset, 2), RtpHeaderExtensionElements.TwoByteProfile);
        }

        RtpHeaderExtensionElements.WriteElement(ExtensionBody[used..], targetForm, id, value);
        ResizeExtensionBody(newBodyLength);
        return true;
    }

    private bool TryCreateExtensionBlock(byte id, scoped ReadOnlySpan<byte> value)
    {
        RtpHeaderExtensionForm form = RtpHeaderExtensionElements.PreferredForm(id, value.Length);
        int bodyLength = RtpHeaderExtensionElements.AlignTo4(RtpHeaderExtensionElements.ElementHeaderLength(form) + value.Length);
        int blockLength = 4 + bodyLength;
        if (_length + blockLength > _buffer.Length)
        {
            return false;
        }

        // With no extension, the header ends right after the CSRC list: open the block there.
        int blockStart = _headerLength;
        _buffer[blockStart.._length].CopyTo(_buffer[(blockStart + blockLength)..]);
        Span<byte> block = _buffer.Slice(blockStart, blockLength);
        block.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(block, form == RtpHeaderExtensionForm.OneByte
            ? RtpHeaderExtensionElements.OneByteProfile
            : RtpHeaderExtensionElements.TwoByteProfile);
        BinaryPrimitives.WriteUInt16BigEndian(block[2..], (ushort)(bodyLength / 4));
        RtpHeaderExtensionElements.WriteElement(block[4..], form, id, value);
        _buffer[0] |= ExtensionBit;
        _headerLength += blockLength;
        _length += blockLength;
        return true;
    }

    /// <summary>
    /// Gives the extension body room for <paramref name="usedLength"/> bytes rounded up to a word, moving the
    /// payload and padding behind it; 0 removes the block and clears the X bit. Growth must have been checked
    /// against the capacity; new bytes are zero (padding).
    /// </summary>
    private void ResizeExtensionBody(int usedLength)
    {
        int blockStart = ExtensionHeaderOffset;
        int oldBodyLength = _headerLength - blockStart - 4;
        int newHeaderLength;
        if (usedLength == 0)
        {
            newHeaderLength = blockStart;
            _buffer[0] = (byte)(_buffer[0] & ~ExtensionBit);
        }
        else
        {
            int newBodyLength = RtpHeaderExtensionElements.AlignTo4(usedLength);
            if (newBodyLength == oldBodyLength)
            {
                return;
            }

            newHeaderLength = blockStart + 4 + newBodyLength;
            BinaryPrimitives.WriteUInt16BigEndian(_buffer.Slice(blockStart + 2, 2), (ushort)(newBodyLength / 4));
        }

        int shift = newHeaderLength - _headerLength;
        _buffer[_headerLength.._length].CopyTo(_buffer[newHeaderLength..]);
        if (shift > 0)
        {
            _buffer.Slice(_headerLength, shift).Clear();
        }

        _headerLength = newHeaderLength;
        _length += shift;
    }
}
