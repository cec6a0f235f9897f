package nl.infill.system;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.catalina.Valve;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * Hands {@link ProxySettings#trusted()} to Tomcat's RemoteIpValve, which Spring Boot installs for
 * {@code server.forward-headers-strategy: native}. The valve takes its trusted proxies
 * ("internal proxies") as one regular expression over the remote address; writing addresses and
 * CIDR blocks is less error-prone for operators, so they are turned into that expression here.
 * Runs after Spring Boot's own Tomcat customizer, which created the valve.
 */
@Component
class ForwardedHeaders implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:]+");
    /** Matches no address: no proxy is trusted. */
    private static final String NONE = "^$";

    private final ProxySettings settings;

    ForwardedHeaders(ProxySettings settings) {
        this.settings = settings;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        String regex = regex(settings.trusted());
        for (Valve valve : factory.getEngineValves()) {
            if (valve instanceof RemoteIpValve remoteIp) {
                remoteIp.setInternalProxies(regex);
            }
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** One alternation of the entries; a startup error names an entry that is neither an address nor a block. */
    static String regex(List<String> trusted) {
        List<String> parts = new ArrayList<>();
        for (String entry : trusted) {
            parts.add(entry(entry.trim()));
        }
        return parts.isEmpty() ? NONE : String.join("|", parts);
    }

    private static String entry(String entry) {
        String address = entry;
        int prefix = -1;
        int slash = entry.indexOf('/');
        if (slash >= 0) {
            address = entry.substring(0, slash);
            try {
                prefix = Integer.parseInt(entry.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw invalid(entry);
            }
        }
        var v4 = IPV4.matcher(address);
        if (v4.matches()) {
            int[] octets = new int[4];
            for (int i = 0; i < 4; i++) {
                octets[i] = Integer.parseInt(v4.group(i + 1));
                if (octets[i] > 255) {
                    throw invalid(entry);
                }
            }
            return ipv4(octets, prefix < 0 ? 32 : prefix, entry);
        }
        if (IPV6.matcher(address).matches() && address.contains(":")) {
            if (prefix > 128) {
                throw invalid(entry);
            }
            return ipv6(expand(address, entry), prefix < 0 ? 128 : prefix);
        }
        throw invalid(entry);
    }

    /**
     * The addresses of an IPv6 block as Tomcat reports them: Java's full form, eight lowercase hex
     * groups without leading zeros (0:0:0:0:0:0:0:1). Groups inside the prefix are literal, groups
     * after it any group, and the group the prefix ends in is the aligned range of its values.
     */
    private static String ipv6(List<String> groups, int prefix) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                b.append(':');
            }
            int bits = Math.max(0, Math.min(16, prefix - 16 * i));
            int value = Integer.parseInt(groups.get(i), 16);
            b.append(bits == 16 ? groups.get(i) : hexBlock(value & ~((1 << (16 - bits)) - 1) & 0xffff, 16 - bits));
        }
        return b.toString();
    }

    /**
     * The hex numbers lo .. lo + 2^free - 1 (lo aligned to 2^free) written without leading zeros:
     * the fixed high digits, one digit over its part of the range, then the free low digits. When
     * no high digit is fixed the number may be written shorter (0x00ff is "ff").
     */
    static String hexBlock(int lo, int free) {
        int q = free / 4;
        int r = free % 4;
        int top = lo >>> (4 * (q + 1));
        int dLo = (lo >>> (4 * q)) & 15;
        int dHi = dLo + (1 << r) - 1;
        String low = q == 0 ? "" : "[0-9a-f]{" + q + "}";
        if (top > 0) {
            return Integer.toHexString(top) + digits(dLo, dHi) + low;
        }
        if (dLo > 0) {
            return digits(dLo, dHi) + low;
        }
        if (q == 0) {
            return digits(0, dHi);
        }
        String shorter = "[0-9a-f]{1," + q + "}";
        return dHi == 0 ? shorter : "(" + shorter + "|" + digits(1, dHi) + low + ")";
    }

    private static String digits(int from, int to) {
        if (from == to) {
            return Integer.toHexString(from);
        }
        StringBuilder b = new StringBuilder("[");
        for (int d = from; d <= to; d++) {
            b.append(Integer.toHexString(d));
        }
        return b.append(']').toString();
    }

    /** The addresses of a block: whole octets fixed, the partial octet as the list of its values. */
    private static String ipv4(int[] octets, int prefix, String entry) {
        if (prefix > 32) {
            throw invalid(entry);
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            if (i > 0) {
                b.append("\\.");
            }
            int bits = Math.max(0, Math.min(8, prefix - 8 * i));
            if (bits == 8) {
                b.append(octets[i]);
            } else if (bits == 0) {
                b.append("\\d{1,3}");
            } else {
                int size = 1 << (8 - bits);
                int first = octets[i] & ~(size - 1) & 0xff;
                List<String> values = new ArrayList<>();
                for (int v = first; v < first + size; v++) {
                    values.add(Integer.toString(v));
                }
                b.append('(').append(String.join("|", values)).append(')');
            }
        }
        return b.toString();
    }

    private static List<String> expand(String address, String entry) {
        String[] halves = address.split("::", -1);
        if (halves.length > 2) {
            throw invalid(entry);
        }
        List<String> head = groups(halves[0], entry);
        List<String> tail = halves.length == 2 ? groups(halves[1], entry) : List.of();
        int missing = 8 - head.size() - tail.size();
        if (missing < 0 || (halves.length == 1 && missing != 0)) {
            throw invalid(entry);
        }
        List<String> all = new ArrayList<>(head);
        for (int i = 0; i < missing; i++) {
            all.add("0");
        }
        all.addAll(tail);
        return all;
    }

    private static List<String> groups(String part, String entry) {
        List<String> out = new ArrayList<>();
        if (part.isEmpty()) {
            return out;
        }
        for (String g : part.split(":", -1)) {
            if (g.isEmpty() || g.length() > 4) {
                throw invalid(entry);
            }
            out.add(Integer.toHexString(Integer.parseInt(g, 16)));
        }
        return out;
    }

    private static IllegalStateException invalid(String entry) {
        return new IllegalStateException("infill.proxy.trusted: '" + entry + "' is neither an IP address nor an "
                + "IPv4 CIDR block such as 10.0.0.0/8");
    }
}
