package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** infill.proxy.trusted as Tomcat's internal-proxies expression: addresses and CIDR blocks in, exact matches out. */
class ForwardedHeadersTest {

    private static boolean trusted(List<String> entries, String remote) {
        return Pattern.compile(ForwardedHeaders.regex(entries)).matcher(remote).matches();
    }

    @Test
    void aCidrBlockTrustsExactlyItsAddresses() {
        // 172.16.0.0/12: second octet 16..31.
        assertThat(trusted(List.of("172.16.0.0/12"), "172.16.0.1")).isTrue();
        assertThat(trusted(List.of("172.16.0.0/12"), "172.31.255.254")).isTrue();
        assertThat(trusted(List.of("172.16.0.0/12"), "172.32.0.1")).isFalse();
        assertThat(trusted(List.of("172.16.0.0/12"), "172.15.0.1")).isFalse();
        // 10.1.2.128/25: last octet 128..255.
        assertThat(trusted(List.of("10.1.2.128/25"), "10.1.2.200")).isTrue();
        assertThat(trusted(List.of("10.1.2.128/25"), "10.1.2.127")).isFalse();
        assertThat(trusted(List.of("10.0.0.0/8"), "10.200.3.4")).isTrue();
    }

    @Test
    void anAddressTrustsOnlyItselfAndDotsAreNotWildcards() {
        assertThat(trusted(List.of("192.168.1.5"), "192.168.1.5")).isTrue();
        assertThat(trusted(List.of("192.168.1.5"), "192.168.1.50")).isFalse();
        assertThat(trusted(List.of("192.168.1.5"), "192x168x1x5")).isFalse();
        // Tomcat reports IPv6 remote addresses in full form.
        assertThat(trusted(List.of("::1"), "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("2001:db8::7"), "2001:db8:0:0:0:0:0:7")).isTrue();
    }

    @Test
    void noEntryTrustsNobodyAndANonAddressIsAStartupError() {
        assertThat(trusted(List.of(), "127.0.0.1")).isFalse();
        assertThat(trusted(List.of(), "")).isTrue();
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("proxy.example.nl")))
                .hasMessageContaining("'proxy.example.nl' is neither an IP address");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("10.0.0.0/40"))).hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("300.0.0.1"))).hasMessageContaining("300.0.0.1");
    }
}
