package nl.infill.publishing;

import java.util.List;
import java.util.regex.Pattern;

import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The publish schema: result views per scenario, their extents, the read-only role's login. */
@Repository
class PublishStore {

    /** A view name we generated ourselves: a layer id or results_ plus a validated slug. */
    private static final Pattern VIEW = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final JdbcClient jdbc;

    PublishStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Native box in EPSG:28992 and the same box in WGS84; {@code empty} when the view has no rows. */
    record Extent(double minx, double miny, double maxx, double maxy,
                  double lonMin, double latMin, double lonMax, double latMax, boolean empty) {

        /** The RD New area of validity, for a view without rows: GeoServer needs some box. */
        static final Extent RD_NEW = new Extent(-7000, 289000, 300000, 629000, 3.2, 50.75, 7.22, 53.7, true);
    }

    List<String> scenarioSlugs() {
        return jdbc.sql(Sql.load("publishing/scenario-slugs.sql")).query(String.class).list();
    }

    @Transactional
    String refreshResultView(String slug) {
        return jdbc.sql(Sql.load("publishing/result-view.sql")).param("slug", slug).query(String.class).single();
    }

    @Transactional
    List<String> dropStaleResultViews() {
        return jdbc.sql(Sql.load("publishing/drop-stale-result-views.sql")).query(String.class).list();
    }

    @Transactional
    void enableLogin(String password) {
        jdbc.sql(Sql.load("publishing/enable-login.sql")).param("password", password).query().singleRow();
    }

    Extent extent(String view) {
        if (!VIEW.matcher(view).matches()) {
            throw new IllegalArgumentException("not a publish view name");
        }
        var row = jdbc.sql(Sql.load("publishing/extent.sql").replace("{view}", view)).query().singleRow();
        if (row.get("minx") == null) {
            return Extent.RD_NEW;
        }
        return new Extent(d(row.get("minx")), d(row.get("miny")), d(row.get("maxx")), d(row.get("maxy")),
                d(row.get("lon_min")), d(row.get("lat_min")), d(row.get("lon_max")), d(row.get("lat_max")), false);
    }

    private static double d(Object o) {
        return ((Number) o).doubleValue();
    }
}
