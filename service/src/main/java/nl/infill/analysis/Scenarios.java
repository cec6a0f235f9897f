package nl.infill.analysis;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Public read API of scenarios for other features (features, tiles, publishing): which scenarios
 * exist and the version of their results (bumped by every committed run; put it in URLs and ETags).
 */
@Service
public class Scenarios {

    /** A scenario as other features see it. */
    public record Scenario(long id, String slug, String name, boolean isDefault, long resultsVersion) {
    }

    private final ScenarioStore store;

    Scenarios(ScenarioStore store) {
        this.store = store;
    }

    public List<Scenario> list() {
        return store.list().stream().map(Scenarios::view).toList();
    }

    public Optional<Scenario> bySlug(String slug) {
        return store.bySlug(slug).map(Scenarios::view);
    }

    /** The scenario's results version, or empty when no such scenario exists. */
    public Optional<Long> resultsVersion(String slug) {
        return store.bySlug(slug).map(ScenarioStore.Row::resultsVersion);
    }

    private static Scenario view(ScenarioStore.Row r) {
        return new Scenario(r.id(), r.slug(), r.name(), r.isDefault(), r.resultsVersion());
    }
}
