package nl.infill.ingest;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import okhttp3.HttpUrl;

/**
 * The SSRF policy of harvesting: which URLs the harvester may request and which addresses it may
 * connect to. A harvest URL is chosen by a user, and so are, through the server it names, its
 * redirects and {@code next} links; each of them passes {@link #check} (scheme, credentials, host
 * allow-list) and, before any connection, {@link #resolve} (every address the name resolves to must
 * be public, or inside a configured {@code allow-private} range). The addresses {@code resolve}
 * accepted are the only ones the HTTP client may use for that host ({@link HarvestHttp} pins them),
 * so a DNS answer that changes between the check and the connection (DNS rebinding) changes nothing.
 *
 * <p>URLs are parsed once, by OkHttp's {@link HttpUrl}, the parser the client itself uses: a check
 * on another parser's reading of the same text could be fooled by their differences.
 */
final class HarvestGuard {

    /** A URL or address the policy refuses; the message says why, for the user. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):");
    private static final int MAX_URL_LENGTH = 4096;

    private final List<String> allowedHosts;
    private final List<Cidr> allowPrivate;

    HarvestGuard(List<String> allowedHosts, List<String> allowPrivate) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty())
                .map(HarvestGuard::withoutBrackets).toList();
        this.allowPrivate = allowPrivate.stream().map(String::trim).filter(s -> !s.isEmpty()).map(Cidr::parse).toList();
    }

    /** Parses and checks a URL: http or https, no credentials, a host on the allow-list. */
    HttpUrl check(String url) {
        if (url == null || url.isBlank()) {
            throw new Refused("No URL given.");
        }
        String u = url.strip();
        if (u.length() > MAX_URL_LENGTH) {
            throw new Refused("The URL is longer than " + MAX_URL_LENGTH + " characters.");
        }
        Matcher m = SCHEME.matcher(u);
        if (!m.find()) {
            throw new Refused("'" + shorten(u) + "' is not an absolute URL: give it with http:// or https://.");
        }
        String scheme = m.group(1).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new Refused("The URL scheme '" + scheme + "' is not allowed: only http and https.");
        }
        HttpUrl parsed = HttpUrl.parse(u);
        if (parsed == null) {
            throw new Refused("'" + shorten(u) + "' is not a valid http(s) URL.");
        }
        return check(parsed);
    }

    /** Checks an already parsed URL (a redirect target or a next link). */
    HttpUrl check(HttpUrl url) {
        if (!url.username().isEmpty() || !url.password().isEmpty()) {
            throw new Refused("URLs with credentials (user:password@host) are refused: a harvest sends no secrets.");
        }
        String host = url.host();
        if (!hostAllowed(host)) {
            throw new Refused("Host '" + host + "' is not on the harvest allow-list (infill.harvest.allowed-hosts: "
                    + (allowedHosts.isEmpty() ? "empty" : String.join(", ", allowedHosts)) + ").");
        }
        return url;
    }

    /**
     * Resolves {@code host} and checks every address it has; returns them all, to be the only
     * addresses connected to. One refused address refuses the host: a name that answers with a
     * public and a private address could otherwise reach the private one on a retry.
     */
    List<InetAddress> resolve(String host) {
        InetAddress[] all;
        try {
            all = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new Refused("Host '" + host + "' does not resolve (unknown host).");
        }
        List<InetAddress> out = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            String why = refusal(a);
            if (why != null) {
                throw new Refused("Host '" + host + "' resolves to " + a.getHostAddress() + ", a " + why
                        + " address; harvests reach public addresses only (infill.harvest.allow-private).");
            }
            out.add(a);
        }
        return List.copyOf(out);
    }

    /** Why an address may not be contacted, or null when it may. */
    String refusal(InetAddress a) {
        String kind = kind(a);
        if (kind == null) {
            return null;
        }
        boolean never = kind.equals("multicast") || kind.equals("broadcast") || kind.equals("unspecified");
        if (!never && allowPrivate.stream().anyMatch(c -> c.contains(a))) {
            return null;
        }
        return kind;
    }

    private boolean hostAllowed(String host) {
        String h = withoutBrackets(host.toLowerCase(Locale.ROOT));
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (String allowed : allowedHosts) {
            if (allowed.startsWith("*.") ? h.endsWith(allowed.substring(1)) : h.equals(allowed)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The kind of a non-public address (RFC 6890 special-purpose registries), or null for a public
     * one. IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4) are judged by that address.
     */
    static String kind(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return kind4(b);
        }
        if (!(a instanceof Inet6Address)) {
            return "unknown";
        }
        boolean zeroTo10 = true;
        for (int i = 0; i < 10; i++) {
            zeroTo10 &= b[i] == 0;
        }
        if (zeroTo10 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            return kind4(new byte[] {b[12], b[13], b[14], b[15]}); // ::ffff:a.b.c.d
        }
        if (a.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        if (b0 == 0xff) {
            return "multicast";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0x80) {
            return "link-local";
        }
        if (b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
            return "site-local";
        }
        if ((b0 & 0xfe) == 0xfc) {
            return "private (unique local)";
        }
        if (b0 == 0x00 && b1 == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
            return kind4(new byte[] {b[12], b[13], b[14], b[15]}); // 64:ff9b::/96 NAT64
        }
        if (b0 == 0x20 && b1 == 0x02) {
            return kind4(new byte[] {b[2], b[3], b[4], b[5]}); // 2002::/16 6to4
        }
        if (b0 == 0x20 && b1 == 0x01 && b[2] == 0 && b[3] == 0) {
            return "reserved (Teredo)";
        }
        if (b0 == 0x20 && b1 == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
            return "documentation";
        }
        if (b0 == 0x01 && b1 == 0x00 && b[2] == 0 && b[3] == 0) {
            return "reserved (discard)";
        }
        if (zeroTo10 && b[10] == 0 && b[11] == 0) {
            return "reserved (IPv4-compatible)";
        }
        return null;
    }

    private static String kind4(byte[] b) {
        int b0 = b[0] & 0xff;
        int b1 = b[1] & 0xff;
        int b2 = b[2] & 0xff;
        if ((b0 & 0xff) == 255 && (b1 & 0xff) == 255 && b2 == 255 && (b[3] & 0xff) == 255) {
            return "broadcast";
        }
        if (b0 == 0) {
            return "unspecified";
        }
        if (b0 == 127) {
            return "loopback";
        }
        if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
            return "private";
        }
        if (b0 == 169 && b1 == 254) {
            return "link-local";
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return "shared (carrier-grade NAT)";
        }
        if (b0 >= 224 && b0 <= 239) {
            return "multicast";
        }
        if (b0 >= 240) {
            return "reserved";
        }
        if (b0 == 192 && b1 == 0 && (b2 == 0 || b2 == 2)) {
            return b2 == 0 ? "reserved (IETF protocol assignments)" : "documentation";
        }
        if ((b0 == 198 && b1 == 51 && b2 == 100) || (b0 == 203 && b1 == 0 && b2 == 113)) {
            return "documentation";
        }
        if (b0 == 198 && (b1 & 0xfe) == 18) {
            return "reserved (benchmarking)";
        }
        if (b0 == 192 && b1 == 88 && b2 == 99) {
            return "reserved (6to4 relay)";
        }
        return null;
    }

    private static String withoutBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String shorten(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** An address range of {@code allow-private}. */
    record Cidr(byte[] network, int bits) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            if (!addr.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("infill.harvest.allow-private: '" + text
                        + "' is not an address range (give e.g. 10.20.0.0/16 or fd00::/8)");
            }
            byte[] net;
            try {
                net = InetAddress.getByName(addr).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("infill.harvest.allow-private: '" + text + "' is not an address", e);
            }
            int bits = slash < 0 ? net.length * 8 : Integer.parseInt(text.substring(slash + 1));
            if (bits < 0 || bits > net.length * 8) {
                throw new IllegalArgumentException("infill.harvest.allow-private: prefix length of '" + text
                        + "' out of range");
            }
            return new Cidr(net, bits);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >>> (i % 8);
                if ((b[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
