package nl.infill.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How far behind a standby is, in time, from the primary's WAL positions sampled at each check. */
class ReplicaLagTest {

    private static final long S = 1_000_000_000L;

    @Test
    void aStandbyThatHasReplayedTheLatestPositionIsNotBehind() {
        var lag = new ReadReplicas.Lag();
        lag.record(0, 100);
        lag.record(1 * S, 200);
        assertThat(lag.behindNanos(1 * S, 200)).isZero();
    }

    @Test
    void aFewBytesBehindOnAQuietPrimaryCountOnlySinceTheyWereWritten() {
        // primary at 100 for 60 s (quiet, the standby's last transaction is old), then 6 kB more at 60 s
        var lag = new ReadReplicas.Lag();
        for (int t = 0; t <= 60; t++) {
            lag.record(t * S, t < 60 ? 100 : 6_612);
        }
        // by hand: first position not replayed was sampled at 60 s, asked at 60.5 s: 0.5 s behind, not 60 s
        assertThat(lag.behindNanos(60 * S + S / 2, 100)).isEqualTo(S / 2);
    }

    @Test
    void aStandbyStuckWhileThePrimaryWritesFallsFurtherBehindEachCheck() {
        var lag = new ReadReplicas.Lag();
        for (int t = 0; t <= 10; t++) {
            lag.record(t * S, 1_000L * (t + 1));
        }
        // replayed 3,000: what the primary wrote at 2 s; 3 s on (first unreplayed at 3 s), asked at 10 s: 7 s
        assertThat(lag.behindNanos(10 * S, 3_000)).isEqualTo(7 * S);
    }

    @Test
    void lsnTextIsReadAsABytePosition() {
        assertThat(ReadReplicas.lsn("0/3000148")).isEqualTo(0x3000148L);
        assertThat(ReadReplicas.lsn("1/0")).isEqualTo(1L << 32);
    }
}
