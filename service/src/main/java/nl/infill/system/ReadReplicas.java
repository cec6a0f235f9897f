package nl.infill.system;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * PostgreSQL hot standbys for read-only requests (issue 18 part 2, docs/scaling.md). Each standby has its
 * own small read-only pool; {@link #on} runs a piece of work with every {@link JdbcClient} of the service
 * reading from one standby (the service's DataSource routes by this thread's choice, see
 * {@link ReadRoutingDataSource}), so stores need not know about replicas. Which standby may serve which
 * request is the catalogue's decision (it knows the data versions); this class measures lag and health.
 *
 * <p>Lag: every {@code check-interval}, each standby's replay position is compared with the primary's
 * WAL position. A standby that is behind in bytes and whose last replayed transaction is older than
 * {@code max-lag} stops taking reads until it catches up; one that fails to answer stops until the next
 * check succeeds. A transaction already open on the primary keeps its connection: work started inside one
 * reads the primary (never a mix of two databases).
 */
@Component
public class ReadReplicas implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadReplicas.class);
    private static final ThreadLocal<Replica> CURRENT = new ThreadLocal<>();

    /** One standby: its position in {@code read-urls} and its URL (never with a password). */
    public record Replica(int index, String url) {
    }

    /** A standby's last measured state. */
    public record Status(Replica replica, boolean reachable, boolean inRecovery, long lagBytes, Long replayAgeMs,
                         boolean serving, Instant checkedAt, String error) {
    }

    private final ReplicaSettings settings;
    private final ObjectProvider<JdbcClient> primary;
    private final List<Replica> replicas = new ArrayList<>();
    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<JdbcClient> clients = new ArrayList<>();
    private final Status[] status;
    private final Lag[] lags;
    private final AtomicInteger turn = new AtomicInteger();
    private final ScheduledExecutorService checker;

    ReadReplicas(ReplicaSettings settings, Environment env, ObjectProvider<JdbcClient> primary) {
        this.settings = settings;
        this.primary = primary;
        List<String> urls = settings.readUrls().stream().filter(u -> !u.isBlank()).toList();
        for (int i = 0; i < urls.size(); i++) {
            String url = urls.get(i).strip();
            HikariConfig c = new HikariConfig();
            c.setPoolName("infill-replica-" + i);
            c.setJdbcUrl(url);
            c.setUsername(env.getProperty("spring.datasource.username"));
            c.setPassword(env.getProperty("spring.datasource.password"));
            c.setMaximumPoolSize(Math.max(1, settings.poolSize()));
            c.setMinimumIdle(0);
            c.setConnectionTimeout(3000);
            c.setValidationTimeout(1000);
            // a stand-in that is not a standby must not take a write either
            c.setReadOnly(true);
            c.setConnectionInitSql(env.getProperty("spring.datasource.hikari.connection-init-sql"));
            c.setInitializationFailTimeout(-1); // a standby that is down must not stop the service starting
            HikariDataSource ds = new HikariDataSource(c);
            replicas.add(new Replica(i, url.replaceAll("password=[^&]*", "password=***")));
            pools.add(ds);
            clients.add(JdbcClient.create(ds));
        }
        status = new Status[replicas.size()];
        lags = new Lag[replicas.size()];
        for (int i = 0; i < lags.length; i++) {
            lags[i] = new Lag();
        }
        for (Replica r : replicas) {
            status[r.index()] = new Status(r, false, false, -1, null, false, null, "not checked yet");
        }
        if (replicas.isEmpty()) {
            checker = null;
        } else {
            checker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "infill-replica-lag");
                t.setDaemon(true);
                return t;
            });
            long every = Math.max(50, settings.checkInterval().toMillis());
            checker.scheduleWithFixedDelay(this::checkAll, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether any standby is configured at all. */
    public boolean enabled() {
        return !replicas.isEmpty();
    }

    /** The standbys taking reads now, in turn (each call starts one further on, spreading the load). */
    public List<Replica> serving() {
        List<Replica> out = new ArrayList<>(replicas.size());
        int start = Math.floorMod(turn.getAndIncrement(), Math.max(1, replicas.size()));
        for (int k = 0; k < replicas.size(); k++) {
            Replica r = replicas.get((start + k) % replicas.size());
            if (status[r.index()].serving()) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * A never-stale gate over this service's standbys: {@code versions} is what a standby must show
     * before it serves a request ({@link VersionGate}).
     */
    public <V> VersionGate<V> gate(Supplier<V> versions) {
        return new VersionGate<>(this, versions);
    }

    /** Every standby's last measured state (health). */
    public List<Status> status() {
        return List.of(status);
    }

    /**
     * Runs {@code work} with the service's database reads going to {@code replica}. When the standby fails
     * to answer (connection refused, reset, recovery conflict), it is taken out until its next good check
     * and the exception is thrown for the caller to fall back on the primary.
     */
    public <T> T on(Replica replica, Supplier<T> work) {
        Replica before = CURRENT.get();
        CURRENT.set(replica);
        try {
            return work.get();
        } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
            failed(replica, e.getClass().getSimpleName(), e.getMostSpecificCause().getMessage());
            throw e;
        } catch (CannotCreateTransactionException e) {
            // a transaction begun inside the work (a streamed export's cursor) could not get a connection
            failed(replica, e.getClass().getSimpleName(), e.getMostSpecificCause().getMessage());
            throw e;
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    /** Whether {@code e}, thrown from {@link #on}, says the standby failed (so the primary should serve) rather than the request. */
    public static boolean isReplicaFailure(RuntimeException e) {
        return e instanceof DataAccessResourceFailureException || e instanceof TransientDataAccessException
                || e instanceof CannotCreateTransactionException;
    }

    /** The pool of the standby this thread reads from, or null for the primary. */
    DataSource current() {
        Replica r = CURRENT.get();
        return r == null ? null : pools.get(r.index());
    }

    private void failed(Replica r, String error, String cause) {
        Status s = status[r.index()];
        status[r.index()] = new Status(r, false, s.inRecovery(), s.lagBytes(), s.replayAgeMs(), false, Instant.now(),
                error);
        log.warn("read replica {} failed ({}); reads go to the primary until it answers again", r.url(), cause);
    }

    void checkAll() {
        for (Replica r : replicas) {
            try {
                Map<String, Object> row = clients.get(r.index()).sql(Sql.load("system/replica-lag.sql")).query().singleRow();
                String primaryLsn = primary.getObject().sql(Sql.load("system/primary-lsn.sql")).query(String.class).single();
                long now = System.nanoTime();
                boolean inRecovery = Boolean.TRUE.equals(row.get("in_recovery"));
                String replay = (String) row.get("replay_lsn");
                long lagBytes = inRecovery && replay != null ? Math.max(0, lsn(primaryLsn) - lsn(replay)) : 0;
                Long ageMs = row.get("replay_age_ms") == null ? null : ((Number) row.get("replay_age_ms")).longValue();
                Lag lag = lags[r.index()];
                lag.record(now, lsn(primaryLsn));
                // behind by more than max-lag in time: the newest primary position it has replayed was
                // written that long ago. Not the replay timestamp: on a quiet primary the last transaction
                // is old while a few bytes (a checkpoint, hint bits) are still on their way.
                boolean lagging = lagBytes > 0
                        && lag.behindNanos(now, replay == null ? 0 : lsn(replay)) > settings.maxLag().toNanos();
                boolean wasServing = status[r.index()].serving();
                status[r.index()] = new Status(r, true, inRecovery, lagBytes, ageMs, !lagging, Instant.now(),
                        lagging ? "lagging past max-lag " + settings.maxLag() : null);
                if (wasServing != !lagging) {
                    log.info("read replica {} {} (lag {} bytes, last replay {} ms ago)", r.url(),
                            lagging ? "stops taking reads" : "takes reads", lagBytes, ageMs);
                }
            } catch (RuntimeException e) {
                Status s = status[r.index()];
                if (s.reachable() || s.checkedAt() == null) {
                    log.warn("read replica {} does not answer: {}", r.url(), e.getMessage());
                }
                status[r.index()] = new Status(r, false, s.inRecovery(), s.lagBytes(), s.replayAgeMs(), false,
                        Instant.now(), e.getClass().getSimpleName());
            }
        }
    }

    /**
     * The primary's WAL positions as measured at each check: how long ago the primary wrote what a
     * standby has now replayed. Only the checker thread uses it.
     */
    static final class Lag {
        private final java.util.ArrayDeque<long[]> samples = new java.util.ArrayDeque<>();
        private long oldestKept = -1;

        void record(long nanos, long primaryLsn) {
            samples.addLast(new long[] {nanos, primaryLsn});
            while (samples.size() > 600) {
                oldestKept = samples.removeFirst()[0];
            }
        }

        /** Nanoseconds since the primary was at a position the standby has not replayed yet; 0 when caught up. */
        long behindNanos(long now, long replayLsn) {
            long firstUnreplayed = -1;
            for (var it = samples.descendingIterator(); it.hasNext(); ) {
                long[] s = it.next();
                if (s[1] <= replayLsn) {
                    break;
                }
                firstUnreplayed = s[0];
            }
            if (firstUnreplayed < 0) {
                return 0;
            }
            // every kept sample is ahead of the standby: behind since before the oldest kept one at least
            return now - (firstUnreplayed == samples.peekFirst()[0] && oldestKept >= 0 ? oldestKept : firstUnreplayed);
        }
    }

    /** A pg_lsn's text form (e.g. {@code 0/3000148}) as a byte position. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) + Long.parseLong(text.substring(slash + 1), 16);
    }

    /** For tests: measure now instead of waiting for the next interval. */
    public void checkNow() {
        checkAll();
    }

    Duration maxLag() {
        return settings.maxLag();
    }

    @Override
    public void destroy() {
        if (checker != null) {
            checker.shutdownNow();
        }
        pools.forEach(HikariDataSource::close);
    }
}
