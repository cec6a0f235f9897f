package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PreferWaitTest {

    private static final Duration MAX = Duration.ofSeconds(60);

    @Test
    void waitIsReadInSecondsAmongOtherPreferences() {
        assertThat(PreferWait.of(List.of("wait=5"), MAX)).contains(Duration.ofSeconds(5));
        assertThat(PreferWait.of(List.of("respond-async, wait=10"), MAX)).contains(Duration.ofSeconds(10));
        assertThat(PreferWait.of(List.of("return=minimal", "WAIT = \"7\"; foo=bar"), MAX)).contains(Duration.ofSeconds(7));
    }

    @Test
    void waitLongerThanTheServersMaximumIsCappedToIt() {
        assertThat(PreferWait.of(List.of("wait=3600"), MAX)).contains(MAX);
    }

    @Test
    void firstValidWaitWinsAndMalformedOnesAreIgnored() {
        assertThat(PreferWait.of(List.of("wait=2, wait=9"), MAX)).contains(Duration.ofSeconds(2));
        assertThat(PreferWait.of(List.of("wait=-1, wait=abc, wait=3"), MAX)).contains(Duration.ofSeconds(3));
    }

    @Test
    void noHeaderOrNoWaitMeansNoWaiting() {
        assertThat(PreferWait.of(null, MAX)).isEmpty();
        assertThat(PreferWait.of(List.of("respond-async"), MAX)).isEmpty();
        assertThat(PreferWait.of(List.of("wait=99999999999"), MAX)).isEmpty();
        assertThat(PreferWait.of(List.of("waiting=5"), MAX)).isEmpty();
    }
}
