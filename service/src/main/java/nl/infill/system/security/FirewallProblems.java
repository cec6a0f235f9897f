package nl.infill.system.security;

import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * URLs the security firewall refuses (encoded slashes or dots, {@code ..;}, null bytes: the path
 * traversal tricks) get a 400 problem+json instead of the servlet container's error page.
 */
@Configuration
class FirewallProblems {

    @Bean
    RequestRejectedHandler problemOnRejectedRequest() {
        return (request, response, e) -> ProblemWriter.write(response, 400, "Bad request",
                "The request URL is not acceptable (encoded slash, dot segment or control character).",
                Map.of("where", "path"));
    }
}
