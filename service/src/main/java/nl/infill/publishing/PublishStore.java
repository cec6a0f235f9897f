package nl.infill.publishing;

import java.util.List;

import nl.infill.catalogue.Collection;
import nl.infill.catalogue.CollectionId;
import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The publish schema: result views per scenario (parcels, neighbourhoods) and the read-only role's login. */
@Repository
class PublishStore {

    private final JdbcClient jdbc;

    PublishStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
