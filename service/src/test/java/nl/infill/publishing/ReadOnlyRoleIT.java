package nl.infill.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import nl.infill.analysis.Scenarios;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The role GeoServer connects as provably cannot write: connected as infill_publish on real
 * PostGIS, every write and every read outside the publish views fails with SQLSTATE 42501
 * (insufficient privilege), while SELECT on the publish views works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReadOnlyRoleIT {

    private static final String PASSWORD = "ro-role-test-pass";

    @Autowired
    PublishStore store;
    @Autowired
    Scenarios scenarios;

    @Value("${spring.datasource.url}")
    String url;

    @Test
    void publishRoleReadsThePublishViewsAndCannotWriteOrReadAnythingElse() throws SQLException {
        store.enableLogin(PASSWORD);
        String resultView = store.refreshResultView("ro-check");

        try (Connection c = DriverManager.getConnection(url, "infill_publish", PASSWORD);
             Statement st = c.createStatement()) {
            for (String view : new String[] {"parcels", "buildings", "zoning", "amenities", "neighbourhoods",
                    "streets", "constraints", "units", resultView}) {
                try (ResultSet rs = st.executeQuery("SELECT count(*) FROM publish." + view)) {
                    assertThat(rs.next()).as(view).isTrue();
                }
            }
            for (String sql : new String[] {
                    "SELECT count(*) FROM public.parcel",
                    "SELECT count(*) FROM public.parcel_result",
                    "SELECT count(*) FROM public.parcel_result_v",
                    "INSERT INTO publish.parcels (source_id, area_m2, geom) VALUES ('x', 1, "
                            + "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))', 28992))",
                    "UPDATE publish.parcels SET area_m2 = 0",
                    "DELETE FROM publish.parcels",
                    "INSERT INTO public.parcel (area_m2, geom) VALUES (1, "
                            + "ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))', 28992))",
                    "DELETE FROM public.scenario",
                    "CREATE TABLE publish.sneaky (i int)",
                    "CREATE TABLE public.sneaky (i int)",
                    "CREATE VIEW publish.sneaky AS SELECT 1",
                    "DROP VIEW publish.parcels",
                    "SELECT infill_publish_enable_login('another-password')",
                    "SELECT infill_publish_result_view('evil')",
                    "SELECT infill_publish_drop_stale_result_views(ARRAY['default'])"}) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(sql).isEqualTo("42501"));
            }
        } finally {
            store.dropStaleResultViews(scenarios.list().stream().map(Scenarios.Scenario::slug).toList());
        }
    }

    @Test
    void slugThatIsNotAScenarioSlugNeverBecomesAnIdentifier() {
        assertThatThrownBy(() -> store.refreshResultView("x; DROP TABLE parcel"))
                .hasMessageContaining("invalid scenario slug");
    }
}
