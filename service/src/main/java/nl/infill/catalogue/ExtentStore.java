package nl.infill.catalogue;

import nl.infill.system.Sql;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The one query for a collection's count and extent ({@code sql/catalogue/extent.sql}). */
@Repository
class ExtentStore {

    private final JdbcClient jdbc;

    ExtentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A full scan of the collection (seconds on a million features): callers keep the answer per version. */
    Extent extent(Collection c) {
        // relation and the scenario predicate come from the catalogue's definitions, never from input.
        String sql = Sql.load("catalogue/extent.sql")
                .replace("{from}", c.relation() + " t")
                .replace("{where}", c.scenarioId() == 0 ? "true" : "t.scenario_id = :scenarioId");
        var spec = jdbc.sql(sql);
        if (c.scenarioId() != 0) {
            spec = spec.param("scenarioId", c.scenarioId());
        }
        return spec.query((rs, i) -> rs.getObject("rd_minx") == null ? new Extent(rs.getLong("n"), null, null)
                : new Extent(rs.getLong("n"),
                        new double[] {rs.getDouble("rd_minx"), rs.getDouble("rd_miny"), rs.getDouble("rd_maxx"), rs.getDouble("rd_maxy")},
                        new double[] {rs.getDouble("lon_min"), rs.getDouble("lat_min"), rs.getDouble("lon_max"), rs.getDouble("lat_max")}))
                .single();
    }
}
