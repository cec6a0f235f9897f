package nl.infill.system.security;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.session.jdbc.config.annotation.web.http.EnableJdbcHttpSession;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * Sessions in PostgreSQL for replicas behind a load balancer ({@code infill.sessions.store: jdbc}):
 * Spring Session JDBC replaces the servlet container's in-memory sessions, so the signed-in user and
 * the session-bound CSRF token are found by whichever replica a request reaches. Its tables come from
 * our migration V301 (the library's PostgreSQL schema), not from the library at start-up, since the
 * service's own role may not create tables. Expired sessions are deleted by every replica once a
 * minute (a cheap, idempotent DELETE on an index).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "infill.sessions.store", havingValue = "jdbc")
@EnableJdbcHttpSession
class JdbcSessions {

    /**
     * The same cookie as the container's sessions (name, HttpOnly, SameSite=Lax of application.yml; Secure
     * when the request came over TLS), carrying the plain session id, so clients and the web map see no
     * difference between the two stores.
     */
    @Bean
    CookieSerializer sessionCookie() {
        DefaultCookieSerializer cookie = new DefaultCookieSerializer();
        cookie.setCookieName("JSESSIONID");
        cookie.setUseHttpOnlyCookie(true);
        cookie.setSameSite("Lax");
        cookie.setUseBase64Encoding(false);
        return cookie;
    }

    /** The idle timeout of {@code server.servlet.session.timeout} (30 minutes unless set), as with the container. */
    @Bean
    SessionRepositoryCustomizer<JdbcIndexedSessionRepository> sessionTimeout(Environment env) {
        Duration timeout = env.getProperty("server.servlet.session.timeout", Duration.class, Duration.ofMinutes(30));
        return repo -> repo.setDefaultMaxInactiveInterval(timeout);
    }
}
