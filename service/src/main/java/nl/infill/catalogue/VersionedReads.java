package nl.infill.catalogue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import nl.infill.system.ReadReplicas;

/**
 * Never-stale reads from hot standbys (issue 18 part 2, docs/scaling.md): {@link #read} runs a read of one
 * collection on a standby only when that standby shows the collection at the version token the request
 * names (a tile URL's {@code v}, or the primary's current token for a request that names none), else on
 * the primary. A standby replays the primary's transactions in commit order, and a load or run commits its
 * rows and its version bump together, so a standby that shows the version has every row of it. Without
 * {@code infill.datasource.read-urls} every read is simply run here, on the primary.
 */
@Component
public class VersionedReads {

    /** A standby that did not show the version is asked again after this, not on every request. */
    private static final long RECHECK_NANOS = 200_000_000L;

    private final Catalogue catalogue;
    private final ReadReplicas replicas;
    private final Map<Integer, DataVersions> seen = new ConcurrentHashMap<>();

    VersionedReads(Catalogue catalogue, ReadReplicas replicas) {
        this.catalogue = catalogue;
        this.replicas = replicas;
    }

    /** Whether standbys are configured (else {@link #read} always runs on the primary). */
    public boolean enabled() {
        return replicas.enabled();
    }

    /** {@code work} on a standby that has replayed the primary's current version of {@code id}, else on the primary. */
    public <T> T read(CollectionId id, Supplier<T> work) {
        if (!replicas.enabled()) {
            return work.get();
        }
        String token;
        try {
            token = catalogue.versions().token(id);
        } catch (IllegalArgumentException e) {
            return work.get(); // a scenario gone meanwhile: the primary answers as it would alone
        }
        return read(id, token, work);
    }

    /** {@code work} on a standby showing {@code id} at version {@code token}, else on the primary. */
    public <T> T read(CollectionId id, String token, Supplier<T> work) {
        if (!replicas.enabled()) {
            return work.get();
        }
        for (ReadReplicas.Replica r : replicas.serving()) {
            try {
                if (!shows(r, id, token)) {
                    continue;
                }
                return replicas.on(r, work);
            } catch (RuntimeException e) {
                if (!ReadReplicas.isReplicaFailure(e)) {
                    throw e;
                }
                seen.remove(r.index()); // taken out by ReadReplicas; try the next, then the primary
            }
        }
        return work.get();
    }

    /** Whether the standby shows {@code token} for {@code id}; versions only grow there, so once seen it holds. */
    private boolean shows(ReadReplicas.Replica r, CollectionId id, String token) {
        DataVersions v = seen.get(r.index());
        if (v != null && token.equals(tokenOrNull(v, id))) {
            return true;
        }
        if (v == null || System.nanoTime() - v.readAtNanos() > RECHECK_NANOS) {
            v = replicas.on(r, catalogue::versions);
            seen.put(r.index(), v);
        }
        return token.equals(tokenOrNull(v, id));
    }

    private static String tokenOrNull(DataVersions v, CollectionId id) {
        try {
            return v.token(id);
        } catch (IllegalArgumentException e) {
            return null; // the scenario is not on the standby yet
        }
    }
}
