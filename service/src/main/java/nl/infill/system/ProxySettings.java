package nl.infill.system;

import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Reverse proxies whose {@code X-Forwarded-For}, {@code -Proto}, {@code -Host} and {@code -Port}
 * headers are believed ({@code infill.proxy.*}, docs/operations.md). From them, OGC links and
 * TileJSON say {@code https://} and the public host, and the rate limiter sees the client; the
 * same headers from anyone else are ignored.
 *
 * @param trusted IPv4 or IPv6 addresses and CIDR blocks (e.g. {@code 10.0.0.0/8},
 *                {@code ::1}, {@code fd00::/8}); default
 *                none (empty): no proxy is trusted and every X-Forwarded-* header is ignored
 */
@Validated
@ConfigurationProperties("infill.proxy")
public record ProxySettings(@NotNull List<String> trusted) {
}
