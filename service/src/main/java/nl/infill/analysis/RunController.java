package nl.infill.analysis;

import java.net.URI;
import java.time.OffsetDateTime;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import nl.infill.system.ApiProblem;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** Starting a run of a scenario and following its progress. */
@RestController
@Tag(name = "Runs", description = "Asynchronous analysis runs of a scenario")
class RunController {

    record RunView(long id, String scenario, String status, String stage, int percent, JsonNode summary,
                   String error, String dataVersion, Boolean criteriaReused, OffsetDateTime startedAt,
                   OffsetDateTime finishedAt) {
    }

    private final RunService service;
    private final RunStore runs;
    private final ObjectMapper json;

    RunController(RunService service, RunStore runs, ObjectMapper json) {
        this.service = service;
        this.runs = runs;
        this.json = json;
    }

    @PostMapping("/api/scenarios/{slug}/runs")
    @Operation(summary = "Start a run (202 + Location of the run; 409 while one is active for the scenario)")
    ResponseEntity<RunView> start(@PathVariable String slug) {
        var run = service.start(slug);
        return ResponseEntity.accepted().location(URI.create("/api/runs/" + run.id())).body(view(run));
    }

    @GetMapping("/api/runs/{id}")
    @Operation(summary = "A run's status, stage, percent and final summary")
    RunView get(@PathVariable long id) {
        return view(runs.byId(id).orElseThrow(() -> ApiProblem.notFound("id", "No run " + id + ".")));
    }

    private RunView view(RunStore.Run r) {
        return new RunView(r.id(), r.scenario(), r.status(), r.stage(), r.percent(),
                r.summary() == null ? null : json.readTree(r.summary()), r.error(), r.dataVersion(),
                r.criteriaReused(), r.startedAt(), r.finishedAt());
    }
}
