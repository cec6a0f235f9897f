package nl.infill.publishing;

import java.time.Duration;

import nl.infill.publishing.GeoServerClient.Credentials;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Health component "geoserver". GeoServer is an optional companion: when it is down the map
 * still works from vector tiles, so the component stays UP (and with it the service's overall
 * health, which a load balancer or compose health check reads) and reports
 * {@code reachable: false, state: DEGRADED} with the reason in its details.
 *
 * <p>"Down" and "wrong password" are told apart. Reachability is an anonymous request, which
 * GeoServer answers at once (401); the credentials are GeoServer's word on the last
 * authenticated call, or on a fresh check when that is older than a minute. GeoServer holds a
 * failed login back 1-5 s (brute-force protection), longer than this check may wait, so until
 * the check is back the credentials are "unverified" rather than the service "not reachable".
 */
@Component("geoserver")
class GeoServerHealthIndicator implements HealthIndicator {

    /** How long a health check waits for a fresh credentials check: a good login answers in milliseconds. */
    private static final Duration CREDENTIALS_WAIT = Duration.ofSeconds(1);
    private static final String PROBE = "/rest/about/version";

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
        GeoServerClient.Response r;
        try {
            r = client.probe(PROBE);
        } catch (RuntimeException e) {
            return b.withDetail("reachable", false).withDetail("state", "DEGRADED")
                    .withDetail("error", "GeoServer not reachable: no answer within 2 s at " + props.base()).build();
        }
        b.withDetail("reachable", true);
        if (r.status() != 401 && r.status() != 200) {
            // An anonymous GET of the REST API is 401 on a GeoServer; anything else is not one.
            return b.withDetail("state", "DEGRADED").withDetail("error", "GeoServer answered HTTP " + r.status()
                    + " to GET " + PROBE + ": is INFILL_GEOSERVER_URL GeoServer's address with its context path "
                    + "(e.g. http://geoserver:8080/geoserver)?").build();
        }
        Credentials c = client.credentials(CREDENTIALS_WAIT);
        b.withDetail("credentials", c.name().toLowerCase());
        return switch (c) {
            case ACCEPTED -> b.withDetail("state", "failed".equals(s.state()) ? "DEGRADED" : "OK").build();
            case REJECTED -> b.withDetail("state", "DEGRADED").withDetail("error", "GeoServer rejected the credentials "
                    + "(HTTP 401): check infill.geoserver.user and INFILL_GEOSERVER_PASSWORD").build();
            case UNVERIFIED -> b.withDetail("state", "DEGRADED").withDetail("error", "GeoServer answers, but has not "
                    + "accepted the credentials yet: it holds a failed login back 1-5 s, so ask again shortly").build();
        };
    }
}
