package io.meshkit.signaling.core;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * What each source holds and tries: IDs per source, and the wrong-token attempts per source and per
 * ID. A source is the adapter's key for where a client comes from: an IPv4 address, or the /64 of
 * an IPv6 address (one subscriber usually gets a whole /64). One thread owns it (the realm's);
 * entries that hold nothing are dropped as soon as they do (or by {@link #sweep} once their
 * allowances are full again), so it stays as small as the set of sources that hold or recently
 * tried something.
 *
 * <p>A {@code null} source is never limited (in-process tests, and callers that do not know it).
 */
public final class SourceAccounts {
    private static final class Account {
        int ids;
        TokenBucket guesses;

        boolean idle(long now) {
            return ids == 0 && (guesses == null || guesses.isFull(now));
        }
    }

    private final int maxIds;
    private final int guessesPerMinute;
    private final Map<String, Account> sources = new HashMap<>();
    private final Map<String, TokenBucket> guessesPerId = new HashMap<>();

    /** Each limit 0 = none. */
    public SourceAccounts(int maxIdsPerSource, int guessesPerMinute) {
        this.maxIds = maxIdsPerSource;
        this.guessesPerMinute = guessesPerMinute;
    }

    // --- IDs ---

    boolean mayHoldAnotherId(String source) {
        if (source == null || maxIds == 0) {
            return true;
        }
        Account a = sources.get(source);
        return a == null || a.ids < maxIds;
    }

    void idHeld(String source) {
        if (source != null) {
            sources.computeIfAbsent(source, s -> new Account()).ids++;
        }
    }

    void idReleased(String source) {
        Account a = source == null ? null : sources.get(source);
        if (a != null && a.ids > 0) {
            a.ids--;
            forgetIfEmpty(source, a);
        }
    }

    private void forgetIfEmpty(String source, Account a) {
        if (a.ids == 0 && a.guesses == null) {
            sources.remove(source);
        }
    }

    /** IDs counted for {@code source}. */
    public int ids(String source) {
        Account a = sources.get(source);
        return a == null ? 0 : a.ids;
    }

    // --- wrong tokens ---

    /**
     * Whether an attempt at held {@code id} from {@code source} may have its token compared now: both
     * the source's and the ID's allowance of wrong guesses have one left.
     */
    boolean mayTryToken(String source, String id, long now) {
        if (guessesPerMinute == 0) {
            return true;
        }
        TokenBucket perId = guessesPerId.get(id);
        if (perId != null && !perId.hasToken(now)) {
            return false;
        }
        Account a = source == null ? null : sources.get(source);
        return a == null || a.guesses == null || a.guesses.hasToken(now);
    }

    /** A token compared for {@code id} from {@code source} was wrong: it costs both allowances one. */
    void wrongToken(String source, String id, long now) {
        if (guessesPerMinute == 0) {
            return;
        }
        guessesPerId.computeIfAbsent(id, k -> bucket(now)).tryTake(now);
        if (source != null) {
            Account a = sources.computeIfAbsent(source, s -> new Account());
            if (a.guesses == null) {
                a.guesses = bucket(now);
            }
            a.guesses.tryTake(now);
        }
    }

    private TokenBucket bucket(long now) {
        return new TokenBucket(guessesPerMinute / 60.0, guessesPerMinute, now);
    }

    /** Forgets sources and IDs that hold nothing and whose allowances are full again. */
    public void sweep(long now) {
        for (Iterator<Account> it = sources.values().iterator(); it.hasNext(); ) {
            if (it.next().idle(now)) {
                it.remove();
            }
        }
        guessesPerId.values().removeIf(b -> b.isFull(now));
    }

    /** Sources with an entry (for tests and gauges). */
    public int size() {
        return sources.size();
    }
}
