package nl.infill.system;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * PostgreSQL hot standbys that may serve read-only requests ({@code infill.datasource.*},
 * config/replicas.yml, docs/scaling.md). Empty: every read goes to the primary, as with one database.
 *
 * @param readUrls      JDBC URLs of the standbys (same user and password as the primary's pool);
 *                      default none
 * @param maxLag        a standby whose replay is behind the primary for longer than this (duration)
 *                      takes no reads until it catches up; default 5s
 * @param checkInterval how often each standby's lag is measured (duration); default 1s
 * @param poolSize      connections per standby; default 10
 */
@Validated
@ConfigurationProperties("infill.datasource")
public record ReplicaSettings(@NotNull @DefaultValue List<String> readUrls,
                              @NotNull @DefaultValue("5s") Duration maxLag,
                              @NotNull @DefaultValue("1s") Duration checkInterval,
                              @DefaultValue("10") int poolSize) {
}
