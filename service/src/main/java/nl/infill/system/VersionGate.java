package nl.infill.system;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The never-stale rule for reads from hot standbys (issue 18 part 2, docs/scaling.md), written once for
 * every module that reads versioned data: {@link #read} runs a piece of work on a standby only when the
 * versions that standby shows pass the caller's test (the version the request names), else on the primary.
 * What a version is belongs to the caller (the catalogue's tokens for items, tiles and exports; analysis's
 * own for explanations), read on each standby by the {@code versions} the gate was made with.
 *
 * <p>A standby replays the primary's transactions in commit order and versions are bumped in the
 * transaction that writes their rows, so versions only grow there: versions that passed once are trusted
 * until a request names newer ones; versions that did not pass are read again after
 * {@link #RECHECK_NANOS} at the earliest, not on every request.
 *
 * @param <V> what {@code versions} reads on a standby
 */
public final class VersionGate<V> {

    /** A standby that did not show the version is asked again after this, not on every request. */
    static final long RECHECK_NANOS = 200_000_000L;

    private record Seen<V>(V versions, long readAtNanos) {
    }

    private final ReadReplicas replicas;
    private final Supplier<V> versions;
    private final Map<Integer, Seen<V>> seen = new ConcurrentHashMap<>();

    VersionGate(ReadReplicas replicas, Supplier<V> versions) {
        this.replicas = replicas;
        this.versions = versions;
    }

    /** {@code work} on a standby whose versions pass {@code shows}, else on the primary. */
    public <T> T read(Predicate<V> shows, Supplier<T> work) {
        return read(shows, work, () -> true);
    }

    /**
     * As {@link #read(Predicate, Supplier)}, for work that streams its answer: when a standby fails
     * while the work runs there, the work starts again elsewhere (the next standby, else the primary)
     * only if {@code mayRestart} says nothing has gone out yet; otherwise the failure is thrown, as a
     * primary failing mid-stream would be.
     */
    public <T> T read(Predicate<V> shows, Supplier<T> work, BooleanSupplier mayRestart) {
        if (!replicas.enabled()) {
            return work.get();
        }
        for (ReadReplicas.Replica r : replicas.serving()) {
            boolean started = false;
            try {
                if (!shows(r, shows)) {
                    continue;
                }
                started = true;
                return replicas.on(r, work);
            } catch (RuntimeException e) {
                if (!ReadReplicas.isReplicaFailure(e) || started && !mayRestart.getAsBoolean()) {
                    throw e;
                }
                seen.remove(r.index()); // taken out by ReadReplicas; try the next, then the primary
            }
        }
        return work.get();
    }

    private boolean shows(ReadReplicas.Replica r, Predicate<V> shows) {
        Seen<V> s = seen.get(r.index());
        if (s != null && shows.test(s.versions())) {
            return true;
        }
        if (s == null || System.nanoTime() - s.readAtNanos() > RECHECK_NANOS) {
            long at = System.nanoTime();
            s = new Seen<>(replicas.on(r, versions), at);
            seen.put(r.index(), s);
        }
        return shows.test(s.versions());
    }
}
