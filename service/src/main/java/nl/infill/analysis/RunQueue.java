package nl.infill.analysis;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.task.TaskExecutor;
import org.springframework.stereotype.Component;

import nl.infill.system.InstanceId;
import nl.infill.system.PreferWait;

/**
 * The run queue in {@code analysis_run}, shared by every replica on one database (docs/scaling.md).
 * A replica that accepts a run executes it at once when it has a free slot, else leaves it queued;
 * every replica's claimer takes queued runs (woken by LISTEN/NOTIFY, with a poll as fallback) with
 * {@code FOR UPDATE SKIP LOCKED}, so exactly one executes each. The executor's heartbeat keeps a lease
 * on the run; every replica's reaper re-queues (once) or fails runs whose lease expired, so a run
 * whose replica died never stays running. One instance alone needs no setting: it is its own queue.
 */
@Component
class RunQueue implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunQueue.class);
    static final String CHANNEL = "infill_run_queued";

    private final RunStore runs;
    private final AnalysisProperties.Runs props;
    private final TaskExecutor executor;
    private final DataSource dataSource;
    private final InstanceId instance;
    private final Semaphore slots;
    /** Runs executing in this replica, completed when they end (status written, completion event handled). */
    private final Map<Long, CompletableFuture<Void>> local = new ConcurrentHashMap<>();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "run-heartbeat");
        t.setDaemon(true);
        return t;
    });
    private volatile BiConsumer<Long, String> handler;
    private volatile boolean stopped;
    private volatile Thread claimer;

    RunQueue(RunStore runs, AnalysisProperties props, AnalysisExecutor executor, DataSource dataSource,
             InstanceId instance) {
        this.runs = runs;
        this.props = props.runs();
        this.executor = executor.executor();
        this.dataSource = dataSource;
        this.instance = instance;
        this.slots = new Semaphore(this.props.slots());
    }

    /** What executes a run here: (run id, scenario slug); it writes the run's outcome itself. */
    void executeWith(BiConsumer<Long, String> handler) {
        this.handler = handler;
    }

    /** This replica's name in {@code analysis_run.owner} ({@code infill.instance-id}). */
    String instanceId() {
        return instance.id();
    }

    /**
     * Inserts a run of the scenario: running under this replica's lease and handed to the executor when a
     * slot is free, else queued for the first replica with one.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the scenario already has an active run
     */
    long accept(long scenarioId, String slug) {
        boolean claim = !stopped && slots.tryAcquire();
        long id;
        try {
            id = runs.insert(scenarioId, claim, instanceId(), props.lease());
        } catch (RuntimeException e) {
            if (claim) {
                slots.release();
            }
            throw e;
        }
        if (claim) {
            dispatch(id, slug);
        }
        return id;
    }

    /** Executes a run this replica holds a slot and the lease for; gives the slot back and claims the next after. */
    private void dispatch(long id, String slug) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        local.put(id, done);
        try {
            executor.execute(() -> {
                try {
                    handler.accept(id, slug);
                } finally {
                    local.remove(id);
                    done.complete(null);
                    slots.release();
                    claimQueued();
                }
            });
        } catch (RuntimeException e) {
            local.remove(id);
            done.complete(null);
            slots.release();
            log.warn("run {} could not be handed to the executor: {}", id, e.getMessage());
            runs.failed(id, instanceId(), RunService.reason("queued", e));
        }
    }

    /** Takes queued runs while this replica has free slots. */
    void claimQueued() {
        while (!stopped && handler != null && slots.tryAcquire()) {
            Optional<RunStore.Claimed> claimed;
            try {
                claimed = runs.claim(instanceId(), props.lease());
            } catch (RuntimeException e) {
                slots.release();
                log.debug("could not claim a queued run: {}", e.getMessage());
                return;
            }
            if (claimed.isEmpty()) {
                slots.release();
                return;
            }
            log.info("claimed queued run {} of scenario {}", claimed.get().id(), claimed.get().scenario());
            dispatch(claimed.get().id(), claimed.get().scenario());
        }
    }

    /**
     * Runs whose executor went away: lease expired, or (with {@code restartedOwner}) cut off in this
     * instance's previous process. Re-queued ones are claimed by the first replica with a free slot.
     */
    void reap(String restartedOwner) {
        var reaped = runs.reap(props.attempts(), restartedOwner);
        for (var r : reaped) {
            if ("queued".equals(r.status())) {
                log.warn("run {} lost its executing instance; queued again", r.id());
            } else {
                log.warn("run {} lost its executing instance a second time; marked failed", r.id());
            }
        }
    }

    /** Extends the lease of every run executing here. */
    void heartbeat() {
        for (long id : local.keySet()) {
            try {
                // no row: the run has just ended here, or its lease expired and another replica took it
                if (!runs.heartbeat(id, instanceId(), props.lease())
                        && runs.status(id).filter(s -> s.equals("queued") || s.equals("running")).isPresent()) {
                    log.warn("run {} is no longer this instance's (its lease expired); its results will not commit", id);
                }
            } catch (RuntimeException e) {
                log.debug("heartbeat of run {} failed: {}", id, e.getMessage());
            }
        }
    }

    /**
     * Waits up to {@code timeout} for a run to end, wherever it executes: here through its completion
     * (status written and completion event handled), elsewhere through its status in the database.
     *
     * @return true when the run has ended (or does not exist), false on timeout
     */
    boolean awaitEnd(long runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            var here = local.get(runId);
            if (here != null) {
                return PreferWait.awaitEnd(here, Duration.ofNanos(Math.max(0, left)));
            }
            var status = runs.status(runId);
            if (status.isEmpty() || status.get().equals("succeeded") || status.get().equals("failed")) {
                return true;
            }
            if (left <= 0) {
                return false;
            }
            try {
                Thread.sleep(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /**
     * Before the startup run (ordered first): this instance's own runs cut off by its previous process
     * go back to the queue (or fail), then the claimer and the heartbeat start.
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(Ordered.HIGHEST_PRECEDENCE)
    void start() {
        try {
            reap(instanceId());
        } catch (RuntimeException e) {
            log.warn("could not look for runs cut off by the previous stop: {}", e.getMessage());
        }
        long beat = props.heartbeat().toMillis();
        heartbeats.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        Thread t = new Thread(this::claimLoop, "run-claimer");
        t.setDaemon(true);
        claimer = t;
        t.start();
        log.info("run queue started as instance {} ({} slots, lease {})", instanceId(), props.slots(), props.lease());
    }

    /** Waits for a notification (or the poll interval), then reaps expired leases and claims queued runs. */
    private void claimLoop() {
        Connection listener = null;
        long pollMs = props.pollInterval().toMillis();
        while (!stopped) {
            try {
                if (listener == null) {
                    listener = listen();
                }
                if (listener != null) {
                    listener.unwrap(PGConnection.class).getNotifications((int) Math.max(1, pollMs));
                } else {
                    Thread.sleep(pollMs);
                }
            } catch (InterruptedException e) {
                break;
            } catch (SQLException | RuntimeException e) {
                log.debug("run queue listener lost ({}); polling until it is back", e.getMessage());
                close(listener);
                listener = null;
                sleepQuietly(pollMs);
            }
            if (stopped) {
                break;
            }
            try {
                reap(null);
                claimQueued();
            } catch (RuntimeException e) {
                log.debug("run queue poll failed: {}", e.getMessage());
            }
        }
        close(listener);
    }

    /**
     * A connection of its own (outside the pool, which must not lose one for good) that LISTENs for
     * queued runs; null when the pool is not Hikari's, in which case the poll alone finds them.
     */
    private Connection listen() throws SQLException {
        if (!(dataSource instanceof HikariDataSource hikari)) {
            return null;
        }
        var info = new java.util.Properties();
        if (hikari.getUsername() != null) {
            info.setProperty("user", hikari.getUsername());
        }
        if (hikari.getPassword() != null) {
            info.setProperty("password", hikari.getPassword());
        }
        info.setProperty("ApplicationName", "infill run queue");
        Connection c = new org.postgresql.Driver().connect(hikari.getJdbcUrl(), info);
        if (c == null) {
            return null;
        }
        try (Statement st = c.createStatement()) {
            st.execute("LISTEN " + CHANNEL);
        } catch (SQLException e) {
            close(c);
            throw e;
        }
        return c;
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already gone with the server
            }
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once this instance has begun to stop: runs it cannot settle are left to their lease. */
    boolean stopping() {
        return stopped;
    }

    /**
     * Stops claiming and heartbeating. Runs still executing here keep their lease until it expires; then
     * another replica queues them again (or their own executor marks them failed first).
     */
    @Override
    public void destroy() {
        stopped = true;
        heartbeats.shutdownNow();
        Thread t = claimer;
        if (t != null) {
            t.interrupt();
        }
    }
}
