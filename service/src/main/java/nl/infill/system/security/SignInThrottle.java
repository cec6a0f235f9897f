package nl.infill.system.security;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exponential backoff after failed sign-ins, per account name and per client address (issue 13:
 * 40 wrong passwords in a row all got 401 and 16 threads kept BCrypt busy enough to slow a real
 * sign-in to 2.6 s). Past the free failures, every further failure doubles the time before the
 * next attempt of that account or client is even checked; attempts in that time get 429 with
 * Retry-After and cost no BCrypt. A success clears the account and the client. Unknown account
 * names are counted exactly like known ones, so the answers tell nothing about which exist.
 *
 * <p>The counts live in this replica's memory (at most {@link #MAX_KEYS} keys): behind a load
 * balancer with N replicas an attacker gets up to N times the tries, until the counts are shared.
 */
final class SignInThrottle {

    static final int MAX_KEYS = 100_000;

    private final SecurityProperties.SignInThrottle config;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    SignInThrottle(SecurityProperties.SignInThrottle config) {
        this.config = config;
    }

    private static final class Entry {
        int failures;
        volatile long lockedUntil;
        long last;
    }

    /** Whole seconds until the account or client may try again; 0 when it may now. */
    long waitSeconds(String account, String client) {
        if (!config.enabled()) {
            return 0;
        }
        long now = System.nanoTime();
        long until = Math.max(lockedUntil(accountKey(account), now), lockedUntil(clientKey(client), now));
        return until <= now ? 0 : Math.max(1, (until - now + 999_999_999L) / 1_000_000_000L);
    }

    void failed(String account, String client) {
        if (!config.enabled()) {
            return;
        }
        long now = System.nanoTime();
        if (entries.size() >= MAX_KEYS) {
            forgetOld(now);
        }
        fail(accountKey(account), config.accountFreeFailures(), now);
        fail(clientKey(client), config.clientFreeFailures(), now);
    }

    void succeeded(String account, String client) {
        entries.remove(accountKey(account));
        entries.remove(clientKey(client));
    }

    private void fail(String key, int free, long now) {
        entries.compute(key, (k, e) -> {
            Entry x = e == null || now - e.last > config.forgetAfter().toNanos() ? new Entry() : e;
            x.failures++;
            x.last = now;
            int over = x.failures - free;
            if (over > 0) {
                long delay = config.firstDelay().toNanos() << Math.min(over - 1, 30);
                x.lockedUntil = now + Math.min(delay <= 0 ? Long.MAX_VALUE : delay, config.maxDelay().toNanos());
            }
            return x;
        });
    }

    private long lockedUntil(String key, long now) {
        Entry e = entries.get(key);
        if (e == null) {
            return now;
        }
        long until = e.lockedUntil;
        return until == 0 ? now : until;
    }

    private void forgetOld(long now) {
        long forget = config.forgetAfter().toNanos();
        entries.values().removeIf(e -> now - e.last > forget);
        if (entries.size() >= MAX_KEYS) {
            // a flood of distinct names: start afresh rather than grow without bound
            entries.clear();
        }
    }

    private static String accountKey(String account) {
        String a = account == null ? "" : account.strip().toLowerCase(Locale.ROOT);
        return "account:" + (a.length() > 200 ? a.substring(0, 200) : a);
    }

    private static String clientKey(String client) {
        return "client:" + client;
    }
}
