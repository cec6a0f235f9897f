package nl.infill.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Health component "replicas": per read replica whether it takes reads, its lag in WAL bytes and the
 * age of its last replayed transaction. Always UP: a standby that lags or is away only sends its reads
 * to the primary, the service keeps serving.
 */
@Component("replicas")
class ReplicasHealthIndicator extends AbstractHealthIndicator {

    private final ReadReplicas replicas;

    ReplicasHealthIndicator(ReadReplicas replicas) {
        super("read replica health check failed");
        this.replicas = replicas;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetail("configured", replicas.status().size()).withDetail("maxLag", replicas.maxLag().toString());
        for (ReadReplicas.Status s : replicas.status()) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("url", s.replica().url());
            d.put("state", s.serving() ? "serving" : s.reachable() ? "lagging" : "unreachable");
            d.put("inRecovery", s.inRecovery());
            d.put("lagBytes", s.lagBytes());
            d.put("replayAgeMs", s.replayAgeMs());
            d.put("checkedAt", s.checkedAt() == null ? null : s.checkedAt().toString());
            if (s.error() != null) {
                d.put("reason", s.error());
            }
            builder.withDetail("replica" + s.replica().index(), d);
        }
    }
}
