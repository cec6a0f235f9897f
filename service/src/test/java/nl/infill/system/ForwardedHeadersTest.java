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
    void anIpv6BlockTrustsExactlyItsAddressesInTomcatsFullForm() {
        // fd00::/8: first group fd00..fdff, the other seven anything.
        assertThat(trusted(List.of("fd00::/8"), "fd00:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("fd00::/8"), "fdff:ffff:1:2:3:4:5:6")).isTrue();
        assertThat(trusted(List.of("fd00::/8"), "fc00:0:0:0:0:0:0:1")).isFalse();
        assertThat(trusted(List.of("fd00::/8"), "fe00:0:0:0:0:0:0:1")).isFalse();
        assertThat(trusted(List.of("fd00::/8"), "fd0:0:0:0:0:0:0:1")).isFalse();
        // 2001:db8::/32: two groups fixed; 2001:db9 and 2001:db80 are outside.
        assertThat(trusted(List.of("2001:db8::/32"), "2001:db8:abcd:12:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("2001:db8::/32"), "2001:db9:0:0:0:0:0:1")).isFalse();
        assertThat(trusted(List.of("2001:db8::/32"), "2001:db80:0:0:0:0:0:1")).isFalse();
        // 2001:db8:0:100::/56: fourth group 0x0100..0x01ff, written 100..1ff.
        assertThat(trusted(List.of("2001:db8:0:100::/56"), "2001:db8:0:1ff:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("2001:db8:0:100::/56"), "2001:db8:0:100:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("2001:db8:0:100::/56"), "2001:db8:0:200:0:0:0:1")).isFalse();
        assertThat(trusted(List.of("2001:db8:0:100::/56"), "2001:db8:0:ff:0:0:0:1")).isFalse();
        // fe80::/10: first group fe80..febf.
        assertThat(trusted(List.of("fe80::/10"), "febf:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("fe80::/10"), "fec0:0:0:0:0:0:0:1")).isFalse();
        // ::/120 (the last group 0..ff): written without leading zeros, so 0, 7, ff but not 100.
        assertThat(trusted(List.of("::/120"), "0:0:0:0:0:0:0:0")).isTrue();
        assertThat(trusted(List.of("::/120"), "0:0:0:0:0:0:0:ff")).isTrue();
        assertThat(trusted(List.of("::/120"), "0:0:0:0:0:0:0:100")).isFalse();
        assertThat(trusted(List.of("::1/128"), "0:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("::1/128"), "0:0:0:0:0:0:0:10")).isFalse();
        // IPv4 and IPv6 side by side, as a dual-stack proxy is named.
        assertThat(trusted(List.of("10.0.0.0/8", "fd00::/8"), "10.1.2.3")).isTrue();
        assertThat(trusted(List.of("10.0.0.0/8", "fd00::/8"), "fd12:0:0:0:0:0:0:1")).isTrue();
        assertThat(trusted(List.of("10.0.0.0/8", "fd00::/8"), "11.1.2.3")).isFalse();
    }

    @Test
    void everyAddressOfAnIpv6BlockMatchesAndItsNeighboursDoNot() {
        // Exhaustive over one group: for each prefix length inside the last group, every value of
        // 0..ffff is in the block exactly when its top bits equal the block's.
        for (int bits = 0; bits <= 16; bits += 3) {
            int block = 0xa5c3 & ~((1 << (16 - bits)) - 1) & 0xffff;
            Pattern p = Pattern.compile(ForwardedHeaders.regex(List.of("2001:db8::" + Integer.toHexString(block)
                    + "/" + (112 + bits))));
            for (int v = 0; v <= 0xffff; v++) {
                boolean inside = (v & ~((1 << (16 - bits)) - 1) & 0xffff) == block;
                assertThat(p.matcher("2001:db8:0:0:0:0:0:" + Integer.toHexString(v)).matches())
                        .as("/%d block %x value %x", 112 + bits, block, v).isEqualTo(inside);
            }
        }
    }

    @Test
    void noEntryTrustsNobodyAndANonAddressIsAStartupError() {
        assertThat(trusted(List.of(), "127.0.0.1")).isFalse();
        assertThat(trusted(List.of(), "")).isTrue();
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("proxy.example.nl")))
                .hasMessageContaining("'proxy.example.nl' is neither an IP address");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("10.0.0.0/40"))).hasMessageContaining("10.0.0.0/40");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("300.0.0.1"))).hasMessageContaining("300.0.0.1");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("fd00::/129"))).hasMessageContaining("fd00::/129");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("fd00:::1"))).hasMessageContaining("fd00:::1");
        assertThatThrownBy(() -> ForwardedHeaders.regex(List.of("12345::1"))).hasMessageContaining("12345::1");
    }
}
