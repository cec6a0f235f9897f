package nl.infill.system.security;

import java.io.IOException;
import java.io.Writer;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Requests Tomcat refuses before any servlet runs (a malformed URL, an illegal character) would
 * get Tomcat's HTML error page, which names the server and its version. Here they get the same
 * problem+json as everything else. Encoded slashes are passed through to the security firewall,
 * which refuses them with a precise problem ({@link FirewallProblems}).
 */
@Configuration
class TomcatProblems {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> factory.addConnectorCustomizers(c -> c.setEncodedSolidusHandling("passthrough"));
    }

    @Bean
    ApplicationListener<WebServerInitializedEvent> problemJsonErrorReports() {
        return event -> {
            if (event.getWebServer() instanceof TomcatWebServer tomcat) {
                var pipeline = tomcat.getTomcat().getHost().getPipeline();
                for (Valve v : pipeline.getValves()) {
                    if (v instanceof ErrorReportValve && !(v instanceof ProblemReportValve)) {
                        pipeline.removeValve(v);
                        pipeline.addValve(new ProblemReportValve());
                    }
                }
            }
        };
    }

    static final class ProblemReportValve extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable t) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            try {
                response.setContentType("application/problem+json");
                response.setCharacterEncoding("UTF-8");
                Writer w = response.getReporter();
                if (w != null) {
                    w.write("{\"type\":\"https://infill.example/problems/" + status + "\",\"title\":\""
                            + (status < 500 ? "Bad request" : "Internal server error") + "\",\"status\":" + status
                            + ",\"detail\":\"The server refused the request before handling it.\"}");
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client went away; there is nobody left to tell.
            }
        }
    }
}
