namespace Sfu.Load.Signaling;

/// <summary>The server refused or ended the signaling; <see cref="CloseCode"/> is the WebSocket close code if any.</summary>
public sealed class SignalingException(string message, int? closeCode) : Exception(message)
{
    public int? CloseCode { get; } = closeCode;
}
