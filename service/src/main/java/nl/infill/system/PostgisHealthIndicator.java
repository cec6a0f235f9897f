package nl.infill.system;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Health component "postgis": the database answers and has PostGIS, with both versions. */
@Component("postgis")
class PostgisHealthIndicator extends AbstractHealthIndicator {

    private final JdbcClient jdbc;

    PostgisHealthIndicator(JdbcClient jdbc) {
        super("PostGIS health check failed");
        this.jdbc = jdbc;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        var row = jdbc.sql(Sql.load("system/health.sql")).query().singleRow();
        builder.up()
                .withDetail("postgresql", row.get("postgresql"))
                .withDetail("postgis", row.get("postgis"))
                .withDetail("pgrouting", row.get("pgrouting"));
    }
}
