package nl.infill.analysis;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import nl.infill.system.Sql;
import nl.infill.system.StatementTimeout;
import nl.infill.system.security.SecurityProperties;

/**
 * The criteria stage on several database connections at once (issue 18 part 3, docs/scaling.md).
 * Parcels are split into stripes by the x of their bounding-box centre, about equal in parcel count;
 * each stripe is computed by {@code criteria-compute.sql} itself, limited to its parcels (buildings,
 * zones, amenities and neighbourhoods are never clipped, so a parcel on a border sees everything
 * across it) and written into {@code analysis.criteria_chunk} by a worker connection that reads the
 * run transaction's exported snapshot. The run's transaction then merges them with its walking
 * distances: until it commits nothing of the new criteria is visible, and if any chunk fails the run
 * fails with the previous criteria untouched (the committed scratch rows are cleared by the next one).
 *
 * <p>Workers take their locks with a short {@code lock_timeout}. The run's transaction holds every
 * layer's lock while it waits on them, so a worker can only wait behind a stronger lock requested
 * meanwhile (a load's TRUNCATE), which itself waits for the run: a cycle through this class that
 * PostgreSQL's deadlock detector cannot see. Then the workers stop and the run computes the criteria
 * with the single statement in its own transaction, which needs no lock it does not hold.
 */
@Component
class CriteriaChunks {

    /** More stripes than workers, so that a worker with a quick stripe takes another one. */
    static final int CHUNKS_PER_WORKER = 3;

    private static final Logger log = LoggerFactory.getLogger(CriteriaChunks.class);
    /** Named when criteria-compute.sql changed shape: the service fails at startup, not with wrong numbers. */
    private static final String CHUNK_SQL_USER = "criteria-compute.sql, for the parallel criteria (CriteriaChunks)";

    /** pg_export_snapshot's format, e.g. 00000003-0000001B-1; checked because SET TRANSACTION SNAPSHOT takes no parameter. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]{8}-[0-9A-F]{8}-[0-9]+");

    /** SQLSTATE lock_not_available: a worker's lock_timeout expired. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final JdbcClient jdbc;
    private final CriteriaStore single;
    private final AnalysisProperties props;
    private final TransactionTemplate workerTx;
    private final Duration longStatementTimeout;
    private final String chunkSql = chunkStatement(Sql.load("analysis/criteria-compute.sql"));
    private volatile Integer autoWorkers;

    CriteriaChunks(JdbcClient jdbc, CriteriaStore single, AnalysisProperties props, PlatformTransactionManager txManager,
                   SecurityProperties security) {
        this.jdbc = jdbc;
        this.single = single;
        this.props = props;
        this.workerTx = new TransactionTemplate(txManager);
        // an imported snapshot needs REPEATABLE READ; a worker thread has no transaction, so a new one
        this.workerTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        this.workerTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.longStatementTimeout = security.longStatementTimeout();
    }

    /**
     * {@code infill.analysis.criteria-workers}, or when 0 the database's cores: its max_parallel_workers,
     * no more than the JVM's processors when the server runs on this host.
     */
    int workers() {
        if (props.criteriaWorkers() > 0) {
            return props.criteriaWorkers();
        }
        Integer auto = autoWorkers;
        if (auto == null) {
            auto = jdbc.sql(Sql.load("analysis/criteria-workers.sql")).query((rs, n) -> {
                int max = Math.max(1, rs.getInt("max_parallel_workers"));
                return rs.getBoolean("local_server") ? Math.min(max, Runtime.getRuntime().availableProcessors()) : max;
            }).single();
            autoWorkers = auto;
        }
        return auto;
    }

    /**
     * The chunk statement: criteria-compute.sql writing into the scratch table, for the parcels whose
     * centre x is in [:x0, :x1), without the walking distances (computed, uncommitted and under an
     * exclusive lock, by the run's transaction; the merge adds them).
     */
    static String chunkStatement(String compute) {
        String sql = Sql.replaceOnce(compute, "INSERT INTO analysis.parcel_criteria\n", "INSERT INTO analysis.criteria_chunk\n", CHUNK_SQL_USER);
        sql = Sql.replaceOnce(sql, "AS geo_m2 FROM parcel\n", "AS geo_m2 FROM parcel\n"
                + "     WHERE coalesce((ST_XMin(geom) + ST_XMax(geom)) / 2, 0) >= :x0\n"
                + "       AND coalesce((ST_XMin(geom) + ST_XMax(geom)) / 2, 0) < :x1\n", CHUNK_SQL_USER);
        return Sql.replaceOnce(sql, "LEFT JOIN analysis.parcel_walk w ON w.parcel_id = p.id",
                "LEFT JOIN (SELECT NULL::text AS distance_method, NULL::double precision AS snap_m, "
                        + "NULL::double precision AS walk_supermarket_m, NULL::double precision AS walk_gp_m, "
                        + "NULL::double precision AS walk_pharmacy_m, NULL::double precision AS walk_school_m, "
                        + "NULL::double precision AS walk_pt_m) w ON false", CHUNK_SQL_USER);
    }

    /**
     * What a parallel recomputation did.
     *
     * @param parcels   parcels whose criteria were written
     * @param fellBack  true when a worker waited behind a queued lock and the single statement computed them
     */
    record Computed(int parcels, boolean fellBack) {
    }

    /** A worker's lock_timeout expired: the stripes stop and the run's own transaction computes. */
    private static final class WorkerBlocked extends RuntimeException {
        WorkerBlocked(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * Recomputes the criteria of one storey height with {@code workers} connections, or, when a worker
     * is blocked behind a queued lock, with the single statement. Call inside the run's transaction,
     * after the walking distances and holding criteria-lock.sql.
     */
    Computed recompute(double storeyHeight, String dataVersion, int workers) {
        jdbc.sql(Sql.load("analysis/criteria-chunk-layers-lock.sql")).update();
        try {
            return new Computed(inStripes(storeyHeight, dataVersion, workers), false);
        } catch (WorkerBlocked e) {
            log.warn("criteria workers waited behind a queued lock on a layer table (a load?); "
                    + "computing in the run's transaction instead ({})", e.getMessage());
            // the workers have all ended; what they committed is visible to this READ COMMITTED transaction
            jdbc.sql(Sql.load("analysis/criteria-chunks-clear.sql")).update();
            return new Computed(single.recompute(storeyHeight, dataVersion), true);
        }
    }

    private int inStripes(double storeyHeight, String dataVersion, int workers) {
        long t0 = System.nanoTime();
        jdbc.sql(Sql.load("analysis/criteria-delete.sql")).param("storeyHeight", storeyHeight).update();
        jdbc.sql(Sql.load("analysis/criteria-chunks-clear.sql")).update();
        int chunks = Math.max(1, workers * CHUNKS_PER_WORKER);
        double[] bounds = bounds(chunks);
        String snapshot = jdbc.sql(Sql.load("analysis/criteria-chunk-snapshot.sql")).query(String.class).single();
        if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
            throw new IllegalStateException("unexpected snapshot id " + snapshot);
        }
        var queue = new ConcurrentLinkedQueue<double[]>();
        for (int i = 0; i <= bounds.length; i++) {
            queue.add(new double[] {i == 0 ? Double.NEGATIVE_INFINITY : bounds[i - 1],
                    i == bounds.length ? Double.POSITIVE_INFINITY : bounds[i]});
        }
        AtomicBoolean failed = new AtomicBoolean();
        AtomicInteger rows = new AtomicInteger();
        AtomicInteger threadNo = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "criteria-worker-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < workers; w++) {
                done.add(pool.submit(() -> {
                    double[] range;
                    while (!failed.get() && (range = queue.poll()) != null) {
                        try {
                            rows.addAndGet(chunk(snapshot, storeyHeight, dataVersion, range[0], range[1]));
                        } catch (RuntimeException e) {
                            failed.set(true); // the others take no further stripe
                            SQLException blocked = lockNotAvailable(e);
                            throw blocked != null ? new WorkerBlocked(blocked) : e;
                        }
                    }
                }));
            }
            RuntimeException first = null;
            for (Future<?> f : done) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException re ? re
                            : new IllegalStateException(e.getCause());
                    // a real failure wins over a blocked worker: that one must fail the run
                    if (first == null || first instanceof WorkerBlocked && !(cause instanceof WorkerBlocked)) {
                        first = cause;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.set(true);
                    throw new IllegalStateException("interrupted while computing criteria chunks", e);
                }
            }
            if (first != null) {
                throw first;
            }
        } finally {
            pool.shutdownNow();
        }
        long t1 = System.nanoTime();
        int n = jdbc.sql(Sql.load("analysis/criteria-chunks-merge.sql")).param("storeyHeight", storeyHeight).update();
        if (n != rows.get()) {
            throw new IllegalStateException("criteria chunks wrote " + rows.get() + " rows but " + n + " were merged");
        }
        long t2 = System.nanoTime();
        // TRUNCATE, not DELETE: a million scratch rows cost seconds to delete, on the run's serial
        // path; the lock it takes lasts until the run commits, when no worker writes any more
        jdbc.sql(Sql.load("analysis/criteria-chunks-truncate.sql")).update();
        jdbc.sql(Sql.load("analysis/criteria-state-save.sql")).param("storeyHeight", storeyHeight)
                .param("dataVersion", dataVersion).update();
        // the serial parts (delete, merge, clear) bound what more workers can gain: logged apart
        log.info("criteria of {} parcels on {} connections in {} stripes: delete + stripes {} ms, merge {} ms, clear + state {} ms",
                n, workers, chunks, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (System.nanoTime() - t2) / 1_000_000);
        return n;
    }

    private double[] bounds(int chunks) {
        if (chunks < 2) {
            return new double[0];
        }
        return jdbc.sql(Sql.load("analysis/criteria-chunk-bounds.sql")).param("n", chunks).query((rs, i) -> {
            Array a = rs.getArray("bounds");
            if (a == null) {
                return new double[0]; // no parcels: one chunk, which finds none
            }
            Object[] values = (Object[]) a.getArray();
            double[] out = new double[values.length];
            for (int k = 0; k < values.length; k++) {
                out[k] = ((Number) values[k]).doubleValue();
            }
            return out;
        }).single();
    }

    private int chunk(String snapshot, double storeyHeight, String dataVersion, double x0, double x1) {
        Integer n = workerTx.execute(status -> {
            // must be the transaction's first statement; the id is checked against SNAPSHOT_ID above
            jdbc.sql("SET TRANSACTION SNAPSHOT '" + snapshot + "'").update();
            jdbc.sql(Sql.load("analysis/criteria-chunk-lock-timeout.sql")).update();
            StatementTimeout.extendForTransaction(jdbc, longStatementTimeout);
            return jdbc.sql(chunkSql).param("storeyHeight", storeyHeight).param("dataVersion", dataVersion)
                    .param("x0", x0).param("x1", x1).update();
        });
        return n == null ? 0 : n;
    }

    /** The worker's lock_timeout error in the cause chain, or null. */
    private static SQLException lockNotAvailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return sql;
            }
        }
        return null;
    }
}
