package nl.infill.analysis;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import nl.infill.system.Conflict;
import nl.infill.system.DatabaseAway;
import nl.infill.system.NotFound;
import nl.infill.system.StatementTimeout;
import nl.infill.system.UnprocessableInput;
import nl.infill.system.security.SecurityProperties;
import tools.jackson.databind.ObjectMapper;

/**
 * Runs a scenario asynchronously: criteria (recomputed only when the data version changed), then ONE
 * transaction that rewrites the scenario's results in place, totals them per neighbourhood and bumps its results
 * version. Readers see the previous results until that commit (MVCC; no staging copy needed). A failure (the database going away
 * included) leaves the previous results untouched and marks the run failed once the database answers.
 */
@Service
class RunService {

    private static final Logger log = LoggerFactory.getLogger(RunService.class);

    private final ScenarioStore scenarios;
    private final RunStore runs;
    private final CriteriaStore criteria;
    private final CriteriaChunks chunks;
    private final ResultStore results;
    private final AnalysisProperties props;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final TransactionTemplate tx;
    private final TransactionTemplate progressTx;
    private final JdbcClient jdbc;
    private final Duration longStatementTimeout;
    private final MeterRegistry meters;
    private final RunQueue queue;

    RunService(ScenarioStore scenarios, RunStore runs, CriteriaStore criteria, CriteriaChunks chunks, ResultStore results,
               AnalysisProperties props, RunQueue queue, ApplicationEventPublisher events,
               ObjectMapper json, PlatformTransactionManager txManager, JdbcClient jdbc,
               SecurityProperties security, MeterRegistry meters) {
        this.meters = meters;
        this.scenarios = scenarios;
        this.runs = runs;
        this.criteria = criteria;
        this.chunks = chunks;
        this.results = results;
        this.props = props;
        this.queue = queue;
        queue.executeWith(this::execute);
        this.events = events;
        this.json = json;
        this.tx = new TransactionTemplate(txManager);
        this.progressTx = new TransactionTemplate(txManager);
        this.progressTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.longStatementTimeout = security.longStatementTimeout();
    }

    /**
     * Accepts a run into the queue (docs/scaling.md): executed here at once when this replica has a free
     * slot, else by the first replica with one. 404 for an unknown scenario, 409 when one is already active
     * for it.
     */
    RunStore.Run start(String slug) {
        var scenario = scenarios.bySlug(slug)
                .orElseThrow(() -> new NotFound("slug", "No scenario '" + slug + "'."));
        checkWeights(scenario);
        long runId;
        try {
            runId = queue.accept(scenario.id(), scenario.slug());
        } catch (DuplicateKeyException e) {
            throw new Conflict("slug",
                    "Scenario '" + slug + "' already has a run in progress; wait for it to finish.");
        }
        return runs.byId(runId).orElseThrow();
    }

    private static void checkWeights(ScenarioStore.Row scenario) {
        if (scenario.weights().values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
            throw new UnprocessableInput("weights", "Scenario '" + scenario.slug() + "' has no weight above 0; set its "
                    + "weights with PUT /api/scenarios/" + scenario.slug() + " first.");
        }
    }

    /**
     * Waits up to {@code timeout} for a run to end (succeeded or failed, its status written and, when it
     * executes here, its completion event handled), e.g. for {@code Prefer: wait}.
     *
     * @return true when the run has ended (or does not exist), false on timeout
     */
    boolean awaitEnd(long runId, Duration timeout) {
        return queue.awaitEnd(runId, timeout);
    }

    /**
     * Executes a run this replica claimed. The scenario is read now, not when the run was accepted: a run
     * that waited in the queue scores the scenario as it is when it starts.
     */
    private void execute(long runId, String slug) {
        var scenario = scenarios.bySlug(slug);
        if (scenario.isEmpty()) {
            // deleted while queued: its runs went with it (ON DELETE CASCADE)
            return;
        }
        try {
            checkWeights(scenario.get());
        } catch (UnprocessableInput e) {
            runs.failed(runId, owner(), "Scenario '" + slug + "' has no weight above 0. Previous results are unchanged.");
            return;
        }
        execute(runId, scenario.get());
    }

    private String owner() {
        return queue.instanceId();
    }

    private void execute(long runId, ScenarioStore.Row scenario) {
        Laps laps = new Laps();
        String[] stage = {"criteria"};
        try {
            progress(runId, stage[0], 5);
            CriteriaOutcome outcome = ensureCriteria(runId, scenario.params().storeyHeightM(), stage, laps);
            long criteriaMs = laps.sinceStart();

            stage[0] = "scoring";
            progress(runId, stage[0], 70);
            laps.lap("progress");
            RunSummary[] summary = {null};
            long resultsVersion = tx.execute(status -> {
                StatementTimeout.extendForTransaction(jdbc, longStatementTimeout);
                results.raiseWorkMem(props.scoringWorkMem());
                ResultStore.Summary s = results.score(scenario.id(), runId, scenario.weights(), scenario.params());
                laps.lap("score");
                results.removeStale(scenario.id(), runId);
                laps.lap("stale");
                stage[0] = "commit";
                progress(runId, stage[0], 90);
                laps.lap("progress");
                long version = results.commit(scenario.id(), runId, scenario.params());
                laps.lap("totals");
                long totalMs = laps.sinceStart();
                summary[0] = new RunSummary(s.parcels(), s.excluded(), s.noZoning(), s.capacityM2(), s.dwellings(),
                        s.meanScore(), new TreeMap<>(s.perClass()), outcome.distanceMethod(), outcome.reused(), outcome.dataVersion(),
                        version, totalMs, Map.of("criteria", criteriaMs, "scoringAndCommit", totalMs - criteriaMs),
                        new LinkedHashMap<>(laps.laps()));
                // In the results' own transaction: the run reads "succeeded" exactly when its results
                // are visible, never before and never after (no window in which a crash leaves committed
                // results under a run that says "running"), and it saves a commit of its own. The
                // summary's times therefore stop just before COMMIT; the log line below has that too.
                if (!runs.succeeded(runId, owner(), json.writeValueAsString(summary[0]), outcome.dataVersion(),
                        outcome.reused())) {
                    throw new LeaseLost();
                }
                return version;
            });
            laps.lap("commit");
            events.publishEvent(new AnalysisCompleted(scenario.id(), scenario.slug(), runId, resultsVersion));
            measure(laps, "succeeded");
            // stepMs here also has the COMMIT, which the stored summary cannot
            log.info("run {} of scenario {} succeeded in {} ms: {}", runId, scenario.slug(), laps.sinceStart(), summary[0]);
        } catch (LeaseLost e) {
            // the run is another replica's now; its rows here rolled back, and its outcome is not ours to write
            log.warn("run {} of scenario {}: its lease expired and another instance took it over; this attempt's "
                    + "results were rolled back", runId, scenario.slug());
            measure(laps, "failed");
        } catch (RuntimeException e) {
            String reason = reason(stage[0], e);
            log.warn("run {} of scenario {} failed: {}", runId, scenario.slug(), reason, e);
            settle(runId, scenario, reason);
            measure(laps, "failed");
        }
    }

    /**
     * Run durations for /actuator/prometheus (docs/operations.md): the whole run by outcome, and
     * each step of a successful one (network, walking distances, criteria, score, totals, commit...).
     */
    private void measure(Laps laps, String outcome) {
        Timer.builder("infill.run.duration").description("Wall-clock time of an analysis run")
                .tag("outcome", outcome).register(meters).record(laps.sinceStart(), TimeUnit.MILLISECONDS);
        if (outcome.equals("succeeded")) {
            laps.laps().forEach((step, ms) -> Timer.builder("infill.run.stage.duration")
                    .description("Wall-clock time of one step of a successful analysis run")
                    .tag("stage", step).register(meters).record(ms, TimeUnit.MILLISECONDS));
        }
    }

    /** Wall-clock milliseconds per step of a run, in order, so that a slow run says where its time went. */
    private static final class Laps {
        private final long start = System.nanoTime();
        private long last = start;
        private final Map<String, Long> laps = new LinkedHashMap<>();

        void lap(String step) {
            long now = System.nanoTime();
            laps.merge(step, (now - last) / 1_000_000, Long::sum);
            last = now;
        }

        long sinceStart() {
            return (System.nanoTime() - start) / 1_000_000;
        }

        Map<String, Long> laps() {
            return laps;
        }
    }

    record CriteriaOutcome(String dataVersion, String distanceMethod, boolean reused) {
    }

    /** Criteria for the storey height, recomputed only when the layer versions changed. */
    private CriteriaOutcome ensureCriteria(long runId, double storeyHeight, String[] stage, Laps laps) {
        laps.lap("progress");
        return tx.execute(status -> {
            criteria.lock();
            var data = criteria.dataState();
            var state = criteria.criteriaState(storeyHeight);
            laps.lap("freshness");
            if (state.isPresent() && state.get().dataVersion().equals(data.dataVersion())) {
                return new CriteriaOutcome(data.dataVersion(), state.get().distanceMethod(), true);
            }
            StatementTimeout.extendForTransaction(jdbc, longStatementTimeout);
            var network = criteria.network();
            if (network.isEmpty() || network.get().streetsVersion() != data.streetsVersion()) {
                stage[0] = "network";
                progress(runId, stage[0], 10);
                laps.lap("progress");
                criteria.buildNetwork(props.snapGridM());
                laps.lap("network");
            }
            stage[0] = "walking distances";
            progress(runId, stage[0], 25);
            laps.lap("progress");
            String method = criteria.computeWalks(props.maxWalkM());
            laps.lap("walks");
            stage[0] = "criteria";
            progress(runId, stage[0], 45);
            laps.lap("progress");
            int workers = chunks.workers();
            if (workers > 1) {
                chunks.recompute(storeyHeight, data.dataVersion(), workers); // logs a fallback itself
            } else {
                criteria.recompute(storeyHeight, data.dataVersion());
            }
            laps.lap("criteria");
            return new CriteriaOutcome(data.dataVersion(), method, false);
        });
    }

    private void progress(long runId, String stage, int percent) {
        progressTx.executeWithoutResult(s -> runs.progress(runId, owner(), stage, percent));
    }

    /** The run's lease expired before its results committed: roll them back, another replica runs it. */
    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("the run's lease expired", null, false, false);
        }
    }

    /**
     * Marks the run once the database answers again (Hikari reconnects by itself; no restart
     * needed). When the server went away between COMMIT and its answer, the results did commit, and
     * the run's "succeeded" with them: then only the completion event is still owed.
     */
    private void settle(long runId, ScenarioStore.Row scenario, String reason) {
        long deadline = System.nanoTime() + props.failureRetryTimeout().toNanos();
        while (true) {
            try {
                var committed = results.committedVersion(scenario.id(), runId);
                if (committed.isPresent()) {
                    // the run was marked succeeded, with its summary, in the same transaction
                    log.warn("run {} of scenario {}: results committed although the confirmation was lost", runId,
                            scenario.slug());
                    events.publishEvent(new AnalysisCompleted(scenario.id(), scenario.slug(), runId, committed.get()));
                } else {
                    runs.failed(runId, owner(), reason);
                }
                return;
            } catch (DataAccessException e) {
                if (queue.stopping()) {
                    // this instance is going away: its lease expires and another replica (or this instance
                    // restarted) queues the run again
                    log.warn("run {} not marked failed while stopping; its lease will expire", runId);
                    return;
                }
                if (System.nanoTime() > deadline) {
                    log.error("could not mark run {} failed; its lease will expire: {}", runId, e.getMessage());
                    return;
                }
                try {
                    Thread.sleep(props.failureRetryInterval().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** A reason users can act on, without SQL or class names. */
    static String reason(String stage, Throwable e) {
        if (DatabaseAway.causedBy(e)) {
            return "The database connection was lost during stage '" + stage + "'. Previous results are unchanged.";
        }
        return "The run failed during stage '" + stage + "' (details in the service log). Previous results are unchanged.";
    }
}
