package nl.infill.publishing;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code infill.geoserver.*}: the external GeoServer that Infill configures through its REST API.
 * Defaults live in {@code config/publishing.yml}; every key can be set from the environment
 * ({@code INFILL_GEOSERVER_URL}, {@code INFILL_GEOSERVER_PASSWORD}, ...). Passwords come from the
 * environment only and are masked in {@link #toString()}: they are never logged or returned.
 *
 * @param enabled       whether Infill talks to GeoServer at all (default false)
 * @param url           base URL of GeoServer including the context path, e.g.
 *                      {@code http://geoserver:8080/geoserver} (default http://localhost:8080/geoserver)
 * @param user          GeoServer admin user (default admin)
 * @param password      GeoServer admin password (environment INFILL_GEOSERVER_PASSWORD, no default)
 * @param workspace     workspace that holds everything Infill publishes (default infill)
 * @param layerGroup    name of the layer group of all published layers (default infill)
 * @param publicUrl     GeoServer URL as browsers reach it, for the web map; empty = the web map
 *                      uses the service's vector tiles (default empty)
 * @param datastore     how GeoServer reaches PostGIS
 * @param connectTimeout TCP connect timeout per request (default 5s)
 * @param readTimeout   response timeout per request (default 30s)
 * @param retries       extra attempts after a 5xx, a connection error or a timeout (default 3)
 * @param backoff       wait before the first retry, doubled for each next one (default 500ms)
 * @param syncOnStartup sync in the background once the service has started (default true)
 * @param startupSyncSharedFor a replica starting within this long after another one synced the same data,
 *                      results, styles and settings to this GeoServer skips its own start-up sync
 *                      (default 10m; 0s: every replica syncs at start-up), docs/scaling.md
 */
@Validated
@ConfigurationProperties("infill.geoserver")
record GeoServerProperties(
        boolean enabled,
        @NotNull URI url,
        @NotBlank String user,
        String password,
        @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}") String workspace,
        @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}") String layerGroup,
        URI publicUrl,
        @Valid @NotNull Datastore datastore,
        @NotNull Duration connectTimeout,
        @NotNull Duration readTimeout,
        @Min(0) @Max(10) int retries,
        @NotNull Duration backoff,
        boolean syncOnStartup,
        @DefaultValue("10m") @NotNull Duration startupSyncSharedFor) {

    /**
     * @param mode     {@code postgis} (GeoServer connects with the parameters below) or {@code jndi}
     *                 (GeoServer's container provides the connection pool) (default postgis)
     * @param name     datastore name in the workspace (default infill)
     * @param host     database host as GeoServer sees it (default localhost)
     * @param port     database port as GeoServer sees it (default 5432)
     * @param database database name (default infill)
     * @param schema   schema with the publish views (default publish)
     * @param user     the read-only role (default infill_publish)
     * @param password its password (environment INFILL_GEOSERVER_DB_PASSWORD); when set, the sync
     *                 gives the role LOGIN with it
     * @param jndiName JNDI name in mode jndi (default java:comp/env/jdbc/postgres)
     */
    record Datastore(
            @NotBlank @Pattern(regexp = "postgis|jndi") String mode,
            @NotBlank @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,63}") String name,
            @NotBlank String host,
            @Min(1) @Max(65535) int port,
            @NotBlank String database,
            @NotBlank String schema,
            @NotBlank String user,
            String password,
            @NotBlank String jndiName) {

        boolean jndi() {
            return "jndi".equals(mode);
        }

        @Override
        public String toString() {
            return "Datastore[mode=" + mode + ", name=" + name + ", host=" + host + ", port=" + port
                    + ", database=" + database + ", schema=" + schema + ", user=" + user
                    + ", password=" + mask(password) + ", jndiName=" + jndiName + "]";
        }
    }

    /** GeoServer's own base URL without a trailing slash. */
    String base() {
        String s = url.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }

    @Override
    public String toString() {
        return "GeoServerProperties[enabled=" + enabled + ", url=" + url + ", user=" + user
                + ", password=" + mask(password) + ", workspace=" + workspace + ", layerGroup=" + layerGroup
                + ", publicUrl=" + publicUrl + ", datastore=" + datastore + ", connectTimeout=" + connectTimeout
                + ", readTimeout=" + readTimeout + ", retries=" + retries + ", backoff=" + backoff
                + ", syncOnStartup=" + syncOnStartup + ", startupSyncSharedFor=" + startupSyncSharedFor + "]";
    }

    private static String mask(String secret) {
        return secret == null || secret.isEmpty() ? "(unset)" : "******";
    }
}
