package nl.infill.system.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Says at start-up which database role the service works with. Migrations run as the owner
 * ({@code spring.flyway.user}); the service's pool uses the DML-only app role when
 * {@code INFILL_APP_DB_USER}/{@code INFILL_APP_DB_PASSWORD} are set (as {@code ./infill} does), and
 * otherwise falls back to the owner, which works but gives up least privilege: that is logged.
 */
@Component
class DatabaseRoleReport {

    private static final Logger log = LoggerFactory.getLogger(DatabaseRoleReport.class);

    private final Environment env;

    DatabaseRoleReport(Environment env) {
        this.env = env;
    }

    @EventListener(ApplicationReadyEvent.class)
    void report() {
        String app = env.getProperty("spring.datasource.username");
        String owner = env.getProperty("spring.flyway.user", app);
        if (app != null && app.equals(owner)) {
            log.warn("the service connects to PostgreSQL as the schema owner '{}': no separate DML-only role is "
                    + "configured (set INFILL_APP_DB_USER and INFILL_APP_DB_PASSWORD, see docs/security.md)", app);
        } else {
            log.info("migrations run as '{}', the service connects as the DML-only role '{}'", owner, app);
        }
    }
}
