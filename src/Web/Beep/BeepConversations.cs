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
    /// <summary>The conversation of each user, connected or about to connect (bounded by sfu.beep.max-connections).</summary>
    private readonly ConcurrentDictionary<string, string> _conversationByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Connection> _connectionByUser = new(StringComparer.Ordinal);

    /// <summary>The user's connection is up: put it in the conversation the user chose, if any.</summary>
    public Task ConnectedAsync(UserClaim user, IActorRef router, string transportId, Task closed, TimeSpan timeout)
    {
        var connection = new Connection(router, transportId);
        _connectionByUser[user.SessionKey] = connection;
        closed.ContinueWith(ended =>
        {
            // The user is in a conversation while connected: a later connection starts outside any (and the map
            // does not grow with every user ever seen).
            if (_connectionByUser.TryRemove(new KeyValuePair<string, Connection>(user.SessionKey, connection)))
            {
                _conversationByUser.TryRemove(user.SessionKey, out _);
            }
        }, TaskScheduler.Default);
        return _conversationByUser.TryGetValue(user.SessionKey, out string? conversation)
            ? router.Ask<ConversationSet>(new SetConversation(transportId, conversation), timeout)
            : Task.CompletedTask;
    }

    /// <summary>The user joins a conversation, leaving the previous one; false when too many users wait for their connection.</summary>
    public bool TryJoin(UserClaim user, string conversationId, int maxUsers, TimeSpan timeout, out Task applied)
    {
        applied = Task.CompletedTask;
        if (!_conversationByUser.ContainsKey(user.SessionKey) && _conversationByUser.Count >= maxUsers)
        {
            return false;
        }

        _conversationByUser[user.SessionKey] = conversationId;
        applied = ApplyAsync(user, conversationId, timeout);
        return true;
    }

    private Task ApplyAsync(UserClaim user, string conversationId, TimeSpan timeout)
    {
        return _connectionByUser.TryGetValue(user.SessionKey, out Connection? connection)
            ? connection.Router.Ask<ConversationSet>(new SetConversation(connection.TransportId, conversationId), timeout)
            : Task.CompletedTask;
    }

    private sealed record Connection(IActorRef Router, string TransportId);
}
