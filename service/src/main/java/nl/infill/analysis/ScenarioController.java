package nl.infill.analysis;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import nl.infill.system.Conflict;
import nl.infill.system.InvalidInput;
import nl.infill.system.NotFound;
import nl.infill.system.UnprocessableInput;

/** Scenario CRUD: named, stored weights and parameters. */
@RestController
@RequestMapping("/api/scenarios")
@Tag(name = "Scenarios", description = "Named weights and parameters of the redevelopment potential score")
class ScenarioController {

    private static final Pattern SLUG = Pattern.compile("^[a-z0-9][a-z0-9-]{0,39}$");

    /** Request body of POST and PUT; weights are normalised to sum 1 on save. */
    record ScenarioRequest(String slug, String name, String description, Map<String, Object> weights,
                           Map<String, Object> params) {
    }

    record ScenarioView(String slug, String name, String description, Map<String, Double> weights,
                        Map<String, Object> params, boolean isDefault, long resultsVersion,
                        OffsetDateTime createdAt, OffsetDateTime updatedAt) {
        static ScenarioView of(ScenarioStore.Row r) {
            return new ScenarioView(r.slug(), r.name(), r.description(), r.weights(), r.params().toMap(),
                    r.isDefault(), r.resultsVersion(), r.createdAt(), r.updatedAt());
        }
    }

    private final ScenarioStore store;
    private final RunStore runs;

    ScenarioController(ScenarioStore store, RunStore runs) {
        this.store = store;
        this.runs = runs;
    }

    @GetMapping
    @Operation(summary = "All scenarios, the default first")
    List<ScenarioView> list() {
        return store.list().stream().map(ScenarioView::of).toList();
    }

    @GetMapping("/{slug}")
    @Operation(summary = "One scenario")
    ScenarioView get(@PathVariable String slug) {
        return ScenarioView.of(find(slug));
    }

    @PostMapping
    @Operation(summary = "Create a scenario (weights validated and normalised to sum 1)")
    ResponseEntity<ScenarioView> create(@RequestBody ScenarioRequest body) {
        if (body == null) {
            throw new InvalidInput("body", "A JSON body with slug, name, weights and params is required.");
        }
        String slug = body.slug();
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new UnprocessableInput("slug", "slug must match ^[a-z0-9][a-z0-9-]{0,39}$ (lower-case letters, digits, "
                    + "hyphens; at most 40 characters).");
        }
        String name = requireName(body.name());
        var weights = Weights.normalise(body.weights());
        var params = ScenarioParams.from(body.params());
        try {
            store.insert(slug, name, body.description(), weights, params);
        } catch (DuplicateKeyException e) {
            throw new Conflict("slug", "A scenario '" + slug + "' already exists.");
        }
        return ResponseEntity.created(URI.create("/api/scenarios/" + slug)).body(ScenarioView.of(find(slug)));
    }

    @PutMapping("/{slug}")
    @Operation(summary = "Replace a scenario's name, description, weights and params (slug stays)")
    ScenarioView update(@PathVariable String slug, @RequestBody ScenarioRequest body) {
        find(slug);
        if (body == null) {
            throw new InvalidInput("body", "A JSON body with name, weights and params is required.");
        }
        if (body.slug() != null && !body.slug().equals(slug)) {
            throw new UnprocessableInput("slug", "The slug cannot change; create a new scenario instead.");
        }
        String name = requireName(body.name());
        var weights = Weights.normalise(body.weights());
        var params = ScenarioParams.from(body.params());
        store.update(slug, name, body.description(), weights, params);
        return ScenarioView.of(find(slug));
    }

    @DeleteMapping("/{slug}")
    @Operation(summary = "Delete a scenario and its results (not the default)")
    ResponseEntity<Void> delete(@PathVariable String slug) {
        var row = find(slug);
        if (row.isDefault()) {
            throw new Conflict("slug", "The default scenario cannot be deleted.");
        }
        if (runs.hasActiveRun(row.id())) {
            throw new Conflict("slug",
                    "Scenario '" + slug + "' has a run in progress; delete it when the run has finished.");
        }
        store.delete(slug);
        return ResponseEntity.noContent().build();
    }

    private ScenarioStore.Row find(String slug) {
        return store.bySlug(slug).orElseThrow(() -> new NotFound("slug", "No scenario '" + slug + "'."));
    }

    private static String requireName(String name) {
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new UnprocessableInput("name", "name is required (1 to 200 characters).");
        }
        return name.strip();
    }
}
