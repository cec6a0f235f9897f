package nl.infill.system;

import java.net.InetAddress;
import java.util.UUID;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * This replica's name among the service instances that share one database (docs/scaling.md): the
 * owner of the runs it executes, the author of the GeoServer syncs it makes. {@code infill.instance-id}
 * when set; else host name and HTTP port, which a restarted process keeps, so a restarted instance
 * recognises the runs its previous process was cut off in. Without a web server (the CLI, some tests)
 * no port tells two processes of one host apart, so the process id and a random part make it unique.
 */
@Component
public class InstanceId {

    private final Environment env;
    private volatile String id;

    public InstanceId(Environment env) {
        this.env = env;
    }

    /** Resolved on first use, which must come after the web server has its port (e.g. at ApplicationReadyEvent). */
    public String id() {
        String resolved = id;
        if (resolved == null) {
            synchronized (this) {
                if (id == null) {
                    id = resolve();
                }
                resolved = id;
            }
        }
        return resolved;
    }

    private String resolve() {
        String configured = env.getProperty("infill.instance-id", "").strip();
        if (!configured.isEmpty()) {
            return configured;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "localhost";
            }
        }
        String port = env.getProperty("local.server.port");
        if (port != null && !port.equals("0") && !port.equals("-1")) {
            return host + ":" + port;
        }
        return host + ":pid" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
