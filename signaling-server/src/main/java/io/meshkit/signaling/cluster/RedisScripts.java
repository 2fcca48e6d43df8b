package io.meshkit.signaling.cluster;

/**
 * The Lua scripts that make each directory operation atomic in Redis. A key {@code meshkit:id:<id>}
 * holds {@code "<node> <token>"} with a lease ({@code PX}) of {@code alive_timeout}. Every change of
 * an ID's holder is announced on {@link #CLAIMS_CHANNEL} ({@code C<id>} claimed or moved,
 * {@code R<id>} released), which is what keeps the nodes' {@link OwnerCache}s fresh. Run by SHA-1
 * ({@link Script}).
 */
final class RedisScripts {
    private RedisScripts() {}

    static final String KEY_PREFIX = "meshkit:id:";
    static final String NODE_CHANNEL_PREFIX = "meshkit:node:";
    static final String CLAIMS_CHANNEL = "meshkit:claims";

    /**
     * Claim: KEYS[1] id key; ARGV node, token, lease ms, id. Free: take it ("NEW"). Held with the same
     * token: move it here ("MOVED"; its former node is told to forget it), as the reference's
     * same-token re-attach. Else "TAKEN". A claim is announced on the claims channel.
     */
    static final Script CLAIM = Script.of("claim", """
            local v = redis.call('GET', KEYS[1])
            local mine = ARGV[1] .. ' ' .. ARGV[2]
            if not v then
              redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
              redis.call('PUBLISH', 'meshkit:claims', 'C' .. ARGV[4])
              return 'NEW'
            end
            local sp = string.find(v, ' ', 1, true)
            local node = string.sub(v, 1, sp - 1)
            if string.sub(v, sp + 1) ~= ARGV[2] then return 'TAKEN' end
            redis.call('SET', KEYS[1], mine, 'PX', ARGV[3])
            if node ~= ARGV[1] then redis.call('PUBLISH', 'meshkit:node:' .. node, 'E' .. ARGV[4]) end
            redis.call('PUBLISH', 'meshkit:claims', 'C' .. ARGV[4])
            return 'MOVED'
            """);

    /**
     * Release: KEYS[1]; ARGV "node token", id. Deletes only our own registration (compare-and-delete)
     * and announces it.
     */
    static final Script RELEASE = Script.of("release", """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('DEL', KEYS[1])
              redis.call('PUBLISH', 'meshkit:claims', 'R' .. ARGV[2])
              return 1
            end
            return 0
            """);

    /**
     * Route: KEYS[1] destination key; ARGV message, our node. {@code "0"}: no holder; {@code "-"}: the
     * holder is us; {@code "1<node>"}: published to the holder's node; {@code "2<node>"}: held, but its
     * node does not listen (dead).
     */
    static final Script ROUTE = Script.of("route", """
            local v = redis.call('GET', KEYS[1])
            if not v then return '0' end
            local node = string.sub(v, 1, string.find(v, ' ', 1, true) - 1)
            if node == ARGV[2] then return '-' end
            if redis.call('PUBLISH', 'meshkit:node:' .. node, ARGV[1]) > 0 then return '1' .. node end
            return '2' .. node
            """);

    /**
     * Renew: KEYS the local IDs' keys; ARGV node, lease ms, then one token per key. Ours: lease
     * extended; missing (expired while Redis was away, or Redis lost its data): re-asserted;
     * held by someone else: its index is returned (1 = another token, 2 = our token on another node).
     */
    static final Script RENEW = Script.of("renew", """
            local lost = {}
            for i, k in ipairs(KEYS) do
              local mine = ARGV[1] .. ' ' .. ARGV[i + 2]
              local v = redis.call('GET', k)
              if v == mine then
                redis.call('PEXPIRE', k, ARGV[2])
              elseif not v then
                redis.call('SET', k, mine, 'PX', ARGV[2])
              else
                local sp = string.find(v, ' ', 1, true)
                if string.sub(v, sp + 1) == ARGV[i + 2] then table.insert(lost, i * 10 + 2)
                else table.insert(lost, i * 10 + 1) end
              end
            end
            return lost
            """);
}
