package nl.infill.system.security;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code infill.sessions.*}: where the web map's signed-in sessions live (docs/scaling.md,
 * docs/security.md). Defaults in {@code config/security.yml}.
 *
 * @param store {@code memory} (default): in this process, so one instance needs nothing more and
 *              signing in works while the database is away; {@code jdbc}: in PostgreSQL (Spring
 *              Session JDBC, tables of migration V301), so a user whom the load balancer moves to
 *              another replica stays signed in
 */
@Validated
@ConfigurationProperties("infill.sessions")
record SessionProperties(@DefaultValue("memory") @NotNull Store store) {

    enum Store {
        MEMORY, JDBC
    }
}
