package nl.infill.publishing;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sql.DataSource;

import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;
import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The publish schema: result views per scenario (parcels, neighbourhoods) and the read-only role's login;
 * and the record of the last complete sync, shared by replicas.
 */
@Repository
class PublishStore {

    /** The last complete sync of a GeoServer target; {@code recent}: within the sharing window. */
    record LastSync(String fingerprint, String state, String syncedBy, OffsetDateTime finishedAt, boolean recent) {
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    PublishStore(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} holding the cluster-wide sync lock: a session advisory lock on a connection of
     * its own, so it lasts through the sync's HTTP calls without a transaction open, and PostgreSQL
     * releases it if this replica dies. While another replica holds it, waits up to {@code maxWait},
     * then runs {@code work} anyway: a sync is idempotent, a skipped one is not.
     */
    <T> T underSyncLock(Duration maxWait, Supplier<T> work) {
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            return work.get();
        }
        try (c) {
            JdbcClient own = JdbcClient.create(new SingleConnectionDataSource(c, true));
            boolean locked = false;
            long deadline = System.nanoTime() + maxWait.toNanos();
            while (!(locked = Boolean.TRUE.equals(own.sql(Sql.load("publishing/sync-lock.sql")).query(Boolean.class)
                    .single())) && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            try {
                return work.get();
            } finally {
                if (locked) {
                    own.sql(Sql.load("publishing/sync-unlock.sql")).query(Boolean.class).single();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another replica's GeoServer sync", e);
        } catch (SQLException e) {
            // closing the lock's connection failed: the server dropped the session, and the lock with it
            throw new org.springframework.dao.DataAccessResourceFailureException(e.getMessage(), e);
        }
    }

    Optional<LastSync> lastSync(String target, Duration sharedFor) {
        return jdbc.sql(Sql.load("publishing/sync-last.sql")).param("target", target)
                .param("shareS", sharedFor.toMillis() / 1000.0)
                .query((rs, n) -> new LastSync(rs.getString("fingerprint"), rs.getString("state"),
                        rs.getString("synced_by"), rs.getObject("finished_at", OffsetDateTime.class),
                        rs.getBoolean("recent")))
                .optional();
    }

    void recordSync(String target, String fingerprint, String state, String syncedBy) {
        jdbc.sql(Sql.load("publishing/sync-record.sql")).param("target", target).param("fingerprint", fingerprint)
                .param("state", state).param("syncedBy", syncedBy).update();
    }

    /** (Re)creates the publish view of a scenario's parcel results or neighbourhood totals; returns its name. */
    @Transactional
    String refreshResultView(Collection results) {
        return results.kind() == CollectionId.Kind.NEIGHBOURHOOD_RESULTS ? refreshNeighbourhoodResultView(results.scenario())
                : refreshResultView(results.scenario());
    }

    @Transactional
    String refreshResultView(String slug) {
        return jdbc.sql(Sql.load("publishing/result-view.sql")).param("slug", slug).query(String.class).single();
    }

    @Transactional
    String refreshNeighbourhoodResultView(String slug) {
        return jdbc.sql(Sql.load("publishing/neighbourhood-result-view.sql")).param("slug", slug).query(String.class)
                .single();
    }

    /** Drops the result views of scenarios other than {@code liveSlugs}; returns the dropped views. */
    @Transactional
    List<String> dropStaleResultViews(List<String> liveSlugs) {
        return jdbc.sql(Sql.load("publishing/drop-stale-result-views.sql"))
                .param("slugs", liveSlugs.toArray(String[]::new)).query(String.class).list();
    }

    @Transactional
    void enableLogin(String password) {
        jdbc.sql(Sql.load("publishing/enable-login.sql")).param("password", password).query().singleRow();
    }
}
