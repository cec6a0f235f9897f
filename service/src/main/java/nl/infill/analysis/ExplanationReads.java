package nl.infill.analysis;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import nl.infill.system.ReadReplicas;
import nl.infill.system.Sql;
import nl.infill.system.VersionGate;

/**
 * Parcel explanations from hot standbys, never stale (issue 18 part 2, docs/scaling.md): an explanation
 * is read on a standby only when that standby shows the scenario at the token the primary has when the
 * request comes in ({@code explanation-versions.sql}: results, criteria, parcels and zoning), else on the
 * primary. The catalogue's tokens cannot decide this: the catalogue sits above analysis, and an
 * explanation reads criteria and zoning, which no collection token covers. Without
 * {@code infill.datasource.read-urls} nothing extra is read.
 */
@Component
class ExplanationReads {

    private final JdbcClient jdbc;
    private final ReadReplicas replicas;
    private final VersionGate<Map<String, String>> gate;

    ExplanationReads(JdbcClient jdbc, ReadReplicas replicas) {
        this.jdbc = jdbc;
        this.replicas = replicas;
        this.gate = replicas.gate(this::tokens);
    }

    /** {@code work}, an explanation of a parcel of scenario {@code slug}, on a standby at the primary's token. */
    <T> T read(String slug, Supplier<T> work) {
        if (!replicas.enabled()) {
            return work.get();
        }
        String token = tokens().get(slug); // here: the primary (no standby chosen on this thread)
        if (token == null) {
            return work.get();
        }
        return gate.read(v -> token.equals(v.get(slug)), work);
    }

    /** Every scenario's explanation token, read from whichever database this thread reads. */
    private Map<String, String> tokens() {
        Map<String, String> out = new HashMap<>();
        jdbc.sql(Sql.load("analysis/explanation-versions.sql"))
                .query(rs -> {
                    out.put(rs.getString("slug"), rs.getString("token"));
                });
        return out;
    }
}
