package nl.infill.catalogue;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.springframework.stereotype.Component;

import nl.infill.system.ReadReplicas;
import nl.infill.system.VersionGate;

/**
 * Never-stale reads of the catalogue's collections from hot standbys (issue 18 part 2, docs/scaling.md):
 * {@link #read} runs a read of one collection on a standby only when that standby shows the collection at
 * the version token the request names (a tile URL's {@code v}, or the primary's token at the start of a
 * request that names none: items, exports), else on the primary. A standby replays the primary's
 * transactions in commit order, and a load or run commits its rows and its version bump together, so a
 * standby that shows the version has every row of it. Without {@code infill.datasource.read-urls} every
 * read is simply run here, on the primary.
 */
@Component
public class VersionedReads {

    private final Catalogue catalogue;
    private final ReadReplicas replicas;
    private final VersionGate<DataVersions> gate;

    VersionedReads(Catalogue catalogue, ReadReplicas replicas) {
        this.catalogue = catalogue;
        this.replicas = replicas;
        this.gate = replicas.gate(catalogue::versions);
    }

    /** Whether standbys are configured (else {@link #read} always runs on the primary). */
    public boolean enabled() {
        return replicas.enabled();
    }

    /**
     * The primary's version token of {@code id} now, for work that runs later (a streamed export); null
     * without standbys (then nothing is read) or when the collection's scenario is gone.
     */
    public String token(CollectionId id) {
        if (!replicas.enabled()) {
            return null;
        }
        try {
            return catalogue.versions().token(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** {@code work} on a standby that has replayed the primary's current version of {@code id}, else on the primary. */
    public <T> T read(CollectionId id, Supplier<T> work) {
        if (!replicas.enabled()) {
            return work.get();
        }
        String token = token(id);
        return token == null ? work.get() : read(id, token, work);
    }

    /** {@code work} on a standby showing {@code id} at version {@code token}, else on the primary. */
    public <T> T read(CollectionId id, String token, Supplier<T> work) {
        return read(id, token, work, () -> true);
    }

    /**
     * As {@link #read(CollectionId, String, Supplier)} for streamed work: a standby failing mid-work
     * hands it to the primary only while {@code mayRestart} says nothing has been sent. A null
     * {@code token} (see {@link #token}) reads the primary.
     */
    public <T> T read(CollectionId id, String token, Supplier<T> work, BooleanSupplier mayRestart) {
        if (token == null || !replicas.enabled()) {
            return work.get();
        }
        return gate.read(v -> token.equals(tokenOrNull(v, id)), work, mayRestart);
    }

    private static String tokenOrNull(DataVersions v, CollectionId id) {
        try {
            return v.token(id);
        } catch (IllegalArgumentException e) {
            return null; // the scenario is not on the standby yet
        }
    }
}
