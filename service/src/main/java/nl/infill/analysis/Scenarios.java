package nl.infill.analysis;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/**
 * Public read API of scenarios for other modules (the catalogue, and through it features, tiles
 * and publishing): which scenarios exist and the version of their results (bumped by every
 * committed run; put it in URLs and ETags). Table {@code scenario} is this module's alone.
 */
@Service
public class Scenarios {

    /**
     * A scenario as other modules see it.
     *
     * @param id             changes when a scenario is deleted and made again under the same slug
     * @param resultsVersion 0 until the first run commits; bumped by every committed run
     */
    public record Scenario(long id, String slug, String name, boolean isDefault, long resultsVersion) {
    }

    private final ScenarioStore store;

    Scenarios(ScenarioStore store) {
        this.store = store;
    }

    /** Every scenario, by slug, in one read. */
    public List<Scenario> list() {
        return store.versions();
    }

    public Optional<Scenario> bySlug(String slug) {
        return list().stream().filter(s -> s.slug().equals(slug)).findFirst();
    }

    /** The scenario's results version, or empty when no such scenario exists. */
    public Optional<Long> resultsVersion(String slug) {
        return bySlug(slug).map(Scenario::resultsVersion);
    }
}
