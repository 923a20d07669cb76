namespace Sfu.Transport.Rtp;

/// <summary>
/// Walks the elements of a one-byte or two-byte header extension block in order, skipping padding, without
/// allocating. It stops early at the reserved one-byte id 15 or at an element running past the block (RFC 8285
/// §4.2): what came before is still reported.
/// </summary>
public ref struct RtpHeaderExtensionEnumerator
{
    private readonly Span<byte> _body;
    private readonly RtpHeaderExtensionForm _form;
    private int _offset;
    private RtpHeaderExtension _current;

    public RtpHeaderExtensionEnumerator(Span<byte> body, RtpHeaderExtensionForm form)
    {
        _body = body;
        _form = form;
        _offset = 0;
        _current = default;
    }

    public readonly RtpHeaderExtension Current => _current;

    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (!RtpHeaderExtensionElements.TryReadNext(_body, _form, ref _offset, out _, out byte id, out int valueStart, out int valueLength))
        {
            return false;
        }

        _current = new RtpHeaderExtension(id, _body.Slice(valueStart, valueLength));
        return true;
    }
}
