package org.strata.security.throttle;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.Test;

public class LoginThrottleTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
    private final LoginThrottle throttle = new LoginThrottle(
            new ThrottleSettings(
                    5,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(300),
                    20,
                    Duration.ofSeconds(30),
                    Duration.ofMinutes(15),
                    Duration.ofDays(7),
                    100),
            clock::get);

    private void advance(Duration d) {
        clock.addAndGet(d.toNanos());
    }

    private Optional<Duration> failTimes(int n, String user, String source) {
        Optional<Duration> last = Optional.empty();
        for (int i = 0; i < n; i++) {
            last = throttle.failed(user, source);
        }
        return last;
    }

    @Test
    public void aFewFailuresAreFreeThenTheLockoutDoublesUpToItsMaximum() {
        assertEquals(Optional.empty(), failTimes(5, "admin", "10.0.0.9"));
        assertEquals(Optional.empty(), throttle.check("admin", "10.0.0.9"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.failed("admin", "10.0.0.9"));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.check("admin", "10.0.0.9"));
        assertEquals(Optional.of(Duration.ofSeconds(2)), throttle.failed("admin", "10.0.0.9"));
        assertEquals(Optional.of(Duration.ofSeconds(4)), throttle.failed("admin", "10.0.0.9"));
        assertEquals(Optional.of(Duration.ofSeconds(300)), failTimes(20, "admin", "10.0.0.9"));
    }

    @Test
    public void theLockoutEndsAndItsCountIsForgottenInTime() {
        failTimes(6, "admin", "10.0.0.9");
        advance(Duration.ofMillis(999));
        assertTrue(throttle.check("admin", "10.0.0.9").isPresent());
        advance(Duration.ofMillis(2));
        assertEquals(Optional.empty(), throttle.check("admin", "10.0.0.9"));
        advance(Duration.ofMinutes(16));
        assertEquals("forgotten: free again", Optional.empty(), throttle.failed("admin", "10.0.0.9"));
    }

    @Test
    public void oneAddressGuessingManyUsersIsLockedOutForEveryUser() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        assertTrue(throttle.check("someone-else", "10.0.0.9").isPresent());
        assertEquals("other addresses are not affected", Optional.empty(), throttle.check("someone-else", "10.0.0.8"));
    }

    @Test
    public void aSuccessClearsItsUserAtItsAddressButNotTheAddress() {
        failTimes(4, "admin", "10.0.0.9");
        failTimes(1, "other", "10.0.0.9");
        throttle.succeeded("admin", "10.0.0.9");
        // The address has 5 failures, its own count; one more locks it whoever logs in.
        assertTrue(throttle.failed("admin", "10.0.0.9").isPresent());
    }

    @Test
    public void manyAddressesGuessingOneUserLockItOutBrieflyExceptWhereItLoggedInBefore() {
        throttle.succeeded("admin", "192.168.1.5");
        for (int i = 0; i < 21; i++) {
            throttle.failed("admin", "10.0.1." + i);
        }
        Optional<Duration> elsewhere = throttle.check("admin", "10.0.2.1");
        assertTrue(elsewhere.isPresent());
        assertTrue(
                "capped short: an attacker cannot keep the admin out for long",
                elsewhere.get().compareTo(Duration.ofSeconds(30)) <= 0);
        assertEquals("the admin's own address is exempt", Optional.empty(), throttle.check("admin", "192.168.1.5"));
        failTimes(100, "admin", "10.0.3.1");
        assertTrue(throttle.check("admin", "10.0.2.2").get().compareTo(Duration.ofSeconds(30)) <= 0);
    }

    @Test
    public void memoryStaysBoundedUnderManyAddressesAndUsers() {
        for (int i = 0; i < 10_000; i++) {
            throttle.failed("u" + i, "10." + (i / 65536) + "." + (i / 256 % 256) + "." + (i % 256));
        }
        assertTrue(throttle.tracked() + " entries", throttle.tracked() <= 3 * 100);
        assertFalse(throttle.tracked() == 0);
    }
}
