package nl.infill.analysis;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.system.NotFound;
import nl.infill.system.PreferWait;
import tools.jackson.databind.ObjectMapper;

/** Starting a run of a scenario and following its progress. */
@RestController
@Tag(name = "Runs", description = "Asynchronous analysis runs of a scenario")
class RunController {

    /** RFC 7240. */
    private static final String PREFER = "Prefer";

    /**
     * A run as {@code GET /api/runs/{id}} returns it.
     *
     * @param status  queued | running | succeeded | failed
     * @param stage   criteria | scoring | commit while running
     * @param summary what a succeeded run did; null before
     * @param error   why a failed run failed; null otherwise
     */
    record RunView(long id, String scenario, String status, String stage, int percent, RunSummary summary,
                   String error, String dataVersion, Boolean criteriaReused, OffsetDateTime startedAt,
                   OffsetDateTime finishedAt) {
    }

    private final RunService service;
    private final RunStore runs;
    private final ObjectMapper json;
    private final AnalysisProperties props;

    RunController(RunService service, RunStore runs, ObjectMapper json, AnalysisProperties props) {
        this.service = service;
        this.runs = runs;
        this.json = json;
        this.props = props;
    }

    @PostMapping("/api/scenarios/{slug}/runs")
    @Operation(summary = "Start a run (202 + Location of the run; 409 while one is active for the scenario)",
            description = "With `Prefer: wait=N` (RFC 7240) the answer waits up to N seconds (at most "
                    + "`infill.analysis.prefer-wait-max`, 60 s by default) for the run to end: `200` with the "
                    + "finished run (status `succeeded` or `failed`) when it ends in time, else `202` as without "
                    + "the header. Either way `Location` names the run.")
    @ApiResponse(responseCode = "200", description = "The run ended within the `Prefer: wait` time")
    @ApiResponse(responseCode = "202", description = "The run started; follow it at `Location`")
    ResponseEntity<RunView> start(@PathVariable String slug,
            @Parameter(in = ParameterIn.HEADER, name = "Prefer", description = "e.g. `wait=10`: wait up to 10 s for the "
                    + "finished run (RFC 7240)", example = "wait=10")
            @RequestHeader(name = PREFER, required = false) List<String> prefer) {
        var run = service.start(slug);
        URI location = URI.create("/api/runs/" + run.id());
        var wait = PreferWait.of(prefer, props.preferWaitMax());
        if (wait.isPresent() && service.awaitEnd(run.id(), wait.get())) {
            var ended = runs.byId(run.id()).orElseThrow();
            if (!"running".equals(ended.status())) {
                return ResponseEntity.ok().location(location).header(HttpHeaders.CONTENT_LOCATION, location.toString())
                        .header(HttpHeaders.VARY, PREFER).body(view(ended));
            }
        }
        var accepted = ResponseEntity.accepted().location(location);
        if (wait.isPresent()) {
            accepted.header(HttpHeaders.VARY, PREFER);
        }
        return accepted.body(view(run));
    }

    @GetMapping("/api/runs/{id}")
    @Operation(summary = "A run's status, stage, percent and final summary")
    RunView get(@PathVariable long id) {
        return view(runs.byId(id).orElseThrow(() -> new NotFound("id", "No run " + id + ".")));
    }

    private RunView view(RunStore.Run r) {
        return new RunView(r.id(), r.scenario(), r.status(), r.stage(), r.percent(),
                r.summary() == null ? null : json.readValue(r.summary(), RunSummary.class), r.error(), r.dataVersion(),
                r.criteriaReused(), r.startedAt(), r.finishedAt());
    }
}
