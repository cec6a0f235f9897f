package nl.infill.publishing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component "geoserver". GeoServer is an optional companion: when it is down the map
 * still works from vector tiles, so the component stays UP (and with it the service's overall
 * health, which a load balancer or compose health check reads) and reports
 * {@code reachable: false, state: DEGRADED} with the reason in its details.
 */
@Component("geoserver")
class GeoServerHealthIndicator implements HealthIndicator {

    private final GeoServerProperties props;
    private final GeoServerClient client;
    private final SyncStatus status;

    GeoServerHealthIndicator(GeoServerProperties props, GeoServerClient client, SyncStatus status) {
        this.props = props;
        this.client = client;
        this.status = status;
    }

    @Override
    public Health health() {
        if (!props.enabled()) {
            return Health.up().withDetail("enabled", false).build();
        }
        Health.Builder b = Health.up().withDetail("enabled", true).withDetail("url", props.base())
                .withDetail("workspace", props.workspace());
        PublishingStatus s = status.status();
        b.withDetail("lastSync", s.state());
        try {
            GeoServerClient.Response r = client.probe("/rest/about/version");
            if (r.status() == 200) {
                return b.withDetail("reachable", true).withDetail("state", "failed".equals(s.state()) ? "DEGRADED" : "OK")
                        .build();
            }
            return b.withDetail("reachable", true).withDetail("state", "DEGRADED")
                    .withDetail("error", "GeoServer answered HTTP " + r.status()).build();
        } catch (RuntimeException e) {
            return b.withDetail("reachable", false).withDetail("state", "DEGRADED")
                    .withDetail("error", "GeoServer not reachable").build();
        }
    }
}
