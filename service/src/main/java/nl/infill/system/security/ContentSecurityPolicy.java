package nl.infill.system.security;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;

/**
 * The Content-Security-Policy header: the configured policy, plus GeoServer's public origin in
 * {@code img-src} (WMS images and legends) and {@code connect-src} (GetFeatureInfo) when the web
 * map draws GeoServer WMS, i.e. when publishing is on and {@code infill.geoserver.public-url} is
 * set. Without it an {@code http://} GeoServer, or any GetFeatureInfo call, is blocked by the
 * browser (issue 15). Read from the environment, not from publishing's properties, because
 * publishing depends on system, not the other way round.
 */
final class ContentSecurityPolicy {

    private ContentSecurityPolicy() {
    }

    static String of(String configured, Environment env) {
        boolean wms = env.getProperty("infill.geoserver.enabled", Boolean.class, false);
        String url = env.getProperty("infill.geoserver.public-url", "").trim();
        return wms && !url.isEmpty() ? withOrigin(configured, origin(url)) : configured;
    }

    /** scheme://host[:port] of an http(s) URL; anything else is a configuration error, said at start-up. */
    static String origin(String url) {
        URI u;
        try {
            u = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("infill.geoserver.public-url is not a URL: " + url, e);
        }
        if (u.getScheme() == null || !List.of("http", "https").contains(u.getScheme().toLowerCase())
                || u.getRawAuthority() == null || !u.getRawAuthority().matches("[A-Za-z0-9.\\-\\[\\]:]+")) {
            throw new IllegalStateException("infill.geoserver.public-url must be an http(s) URL with a host: " + url);
        }
        return u.getScheme().toLowerCase() + "://" + u.getRawAuthority().toLowerCase();
    }

    /** Adds {@code origin} to img-src and connect-src; a missing directive is added with 'self' and it. */
    static String withOrigin(String policy, String origin) {
        List<String> directives = new ArrayList<>();
        boolean img = false;
        boolean connect = false;
        for (String d : policy.split(";")) {
            String t = d.trim().replaceAll("\\s+", " ");
            if (t.isEmpty()) {
                continue;
            }
            String name = t.split(" ")[0].toLowerCase();
            if (name.equals("img-src") || name.equals("connect-src")) {
                img |= name.equals("img-src");
                connect |= name.equals("connect-src");
                t = t.contains(" 'none'") ? name + " " + origin : t + " " + origin;
            }
            directives.add(t);
        }
        if (!img) {
            directives.add("img-src 'self' " + origin);
        }
        if (!connect) {
            directives.add("connect-src 'self' " + origin);
        }
        return String.join("; ", directives);
    }
}
