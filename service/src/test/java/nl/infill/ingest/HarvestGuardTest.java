package nl.infill.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import okhttp3.HttpUrl;

/** The SSRF policy of harvests: which URLs pass, and which addresses may be connected to. */
class HarvestGuardTest {

    private final HarvestGuard pdok = new HarvestGuard(List.of("api.pdok.nl", "*.example.nl"), List.of());

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void onlyHttpAndHttpsUrlsOnAllowedHostsWithoutCredentialsPass() {
        assertThat(pdok.check("https://api.pdok.nl/kadaster/bag/ogc/v2").host()).isEqualTo("api.pdok.nl");
        assertThat(pdok.check("HTTPS://API.PDOK.NL./x").host()).as("case and a trailing dot").isEqualTo("api.pdok.nl.");
        assertThat(pdok.check("http://geo.example.nl/ogc").host()).isEqualTo("geo.example.nl");
        assertThatThrownBy(() -> pdok.check("ftp://api.pdok.nl/x")).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> pdok.check("file:///etc/passwd")).hasMessageContaining("only http and https");
        assertThatThrownBy(() -> pdok.check("//api.pdok.nl/x")).hasMessageContaining("not an absolute URL");
        assertThatThrownBy(() -> pdok.check("https://example.nl/ogc")).as("the wildcard is for subdomains only")
                .hasMessageContaining("not on the harvest allow-list");
        assertThatThrownBy(() -> pdok.check("https://api.pdok.nl.evil.com/x")).hasMessageContaining("allow-list");
        assertThatThrownBy(() -> pdok.check("https://evil.com#@api.pdok.nl/")).hasMessageContaining("'evil.com'");
        assertThatThrownBy(() -> pdok.check("https://api.pdok.nl@evil.com/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> pdok.check("https://u:p@api.pdok.nl/")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> pdok.check("https://api.pdok.nl/" + "x".repeat(5000))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> pdok.check(HttpUrl.get("https://evil.com/next"))).hasMessageContaining("allow-list");
    }

    @Test
    void everyNonPublicAddressKindIsRefused() throws Exception {
        // worked out from the IANA special-purpose registries (RFC 6890 and successors)
        assertThat(HarvestGuard.kind(ip("127.0.0.1"))).isEqualTo("loopback");
        assertThat(HarvestGuard.kind(ip("10.1.2.3"))).isEqualTo("private");
        assertThat(HarvestGuard.kind(ip("172.31.255.255"))).isEqualTo("private");
        assertThat(HarvestGuard.kind(ip("172.32.0.1"))).isNull();
        assertThat(HarvestGuard.kind(ip("192.168.0.1"))).isEqualTo("private");
        assertThat(HarvestGuard.kind(ip("169.254.169.254"))).as("cloud metadata").isEqualTo("link-local");
        assertThat(HarvestGuard.kind(ip("100.64.0.1"))).startsWith("shared");
        assertThat(HarvestGuard.kind(ip("0.0.0.0"))).isEqualTo("unspecified");
        assertThat(HarvestGuard.kind(ip("224.0.0.1"))).isEqualTo("multicast");
        assertThat(HarvestGuard.kind(ip("255.255.255.255"))).isEqualTo("broadcast");
        assertThat(HarvestGuard.kind(ip("240.0.0.1"))).isEqualTo("reserved");
        assertThat(HarvestGuard.kind(ip("198.18.0.1"))).startsWith("reserved");
        assertThat(HarvestGuard.kind(ip("192.0.2.1"))).isEqualTo("documentation");
        assertThat(HarvestGuard.kind(ip("::1"))).isEqualTo("loopback");
        assertThat(HarvestGuard.kind(ip("::"))).isEqualTo("unspecified");
        assertThat(HarvestGuard.kind(ip("fe80::1"))).isEqualTo("link-local");
        assertThat(HarvestGuard.kind(ip("fd00::1"))).startsWith("private");
        assertThat(HarvestGuard.kind(ip("ff02::1"))).isEqualTo("multicast");
        // IPv6 forms that carry an IPv4 address are judged by it
        assertThat(HarvestGuard.kind(ip("64:ff9b::a9fe:a9fe"))).as("NAT64 of 169.254.169.254").isEqualTo("link-local");
        assertThat(HarvestGuard.kind(ip("2002:7f00:1::1"))).as("6to4 of 127.0.0.1").isEqualTo("loopback");
        assertThat(HarvestGuard.kind(ip("::7f00:1"))).startsWith("reserved");
        // public: PDOK's own kind of address and an IPv6 one
        assertThat(HarvestGuard.kind(ip("145.0.0.1"))).isNull();
        assertThat(HarvestGuard.kind(ip("2a00:1450:400e::1"))).isNull();
    }

    @Test
    void allowPrivateLetsAConfiguredRangeThroughButNeverMulticastOrUnspecified() throws Exception {
        HarvestGuard g = new HarvestGuard(List.of("gis.gemeente.local"), List.of("10.20.0.0/16", "127.0.0.1", "0.0.0.0/0"));
        assertThat(g.refusal(ip("10.20.3.4"))).isNull();
        assertThat(g.refusal(ip("127.0.0.1"))).isNull();
        assertThat(g.refusal(ip("224.0.0.1"))).as("multicast, even inside 0.0.0.0/0").isEqualTo("multicast");
        assertThat(g.refusal(ip("0.0.0.0"))).isEqualTo("unspecified");
        HarvestGuard narrow = new HarvestGuard(List.of("x"), List.of("10.20.0.0/16", "127.0.0.1"));
        assertThat(narrow.refusal(ip("10.21.0.1"))).isEqualTo("private");
        assertThat(narrow.refusal(ip("127.0.0.2"))).isEqualTo("loopback");
        assertThat(narrow.refusal(ip("::1"))).isEqualTo("loopback");
        assertThatThrownBy(() -> new HarvestGuard(List.of(), List.of("intranet"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allow-private");
    }

    @Test
    void aNameThatResolvesToLoopbackIsRefusedAfterResolution() {
        HarvestGuard g = new HarvestGuard(List.of("localhost"), List.of());
        assertThat(g.check("http://localhost:8080/ogc").host()).isEqualTo("localhost");
        assertThatThrownBy(() -> g.resolve("localhost")).hasMessageContaining("a loopback address");
    }
}
