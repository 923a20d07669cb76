using System.Collections.Concurrent;
using Sfu.Actors.Media;
using Sfu.Actors.Runtime;

namespace Sfu.Web.Beep;

/// <summary>
/// Which conversation each Beep user is in and where its connection's transport lives. A join may come before the
/// connection (the founding document calls it the user's intention): it is kept and applied when the connection is
/// up. All connections share one router, so moving between conversations is a message to it, never renegotiation.
/// </summary>
public sealed class BeepConversations
{
    private readonly ConcurrentDictionary<string, string> _conversationByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Connection> _connectionByUser = new(StringComparer.Ordinal);

    /// <summary>The user's connection is up: put it in the conversation the user chose, if any.</summary>
    public Task ConnectedAsync(UserClaim user, IActorRef router, string transportId, Task closed, TimeSpan timeout)
    {
        var connection = new Connection(router, transportId);
        _connectionByUser[user.SessionKey] = connection;
        closed.ContinueWith(_ => _connectionByUser.TryRemove(new KeyValuePair<string, Connection>(user.SessionKey, connection)), TaskScheduler.Default);
        return _conversationByUser.TryGetValue(user.SessionKey, out string? conversation)
            ? router.Ask<ConversationSet>(new SetConversation(transportId, conversation), timeout)
            : Task.CompletedTask;
    }

    /// <summary>The user joins a conversation, leaving the previous one.</summary>
    public Task JoinAsync(UserClaim user, string conversationId, TimeSpan timeout)
    {
        _conversationByUser[user.SessionKey] = conversationId;
        return _connectionByUser.TryGetValue(user.SessionKey, out Connection? connection)
            ? connection.Router.Ask<ConversationSet>(new SetConversation(connection.TransportId, conversationId), timeout)
            : Task.CompletedTask;
    }

    private sealed record Connection(IActorRef Router, string TransportId);
}
