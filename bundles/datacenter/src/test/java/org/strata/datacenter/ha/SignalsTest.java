package org.strata.datacenter.ha;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import org.strata.api.ha.HostHaState;
import org.strata.engine.Fencing.Power;

public class SignalsTest {

    @Test
    public void aHeldLeaseIsAnIsolatedHostWhateverTheBmcSays() {
        for (Power power : Power.values()) {
            Signals.Verdict v = Signals.verdict(Signals.Leases.HELD, power, true);
            assertEquals(power.name(), HostHaState.ISOLATED, v.state());
            assertTrue(v.reason(), v.reason().contains("leases are held"));
        }
        assertEquals(
                HostHaState.ISOLATED,
                Signals.verdict(Signals.Leases.HELD, Power.UNANSWERED, false).state());
    }

    @Test
    public void withoutAHeldLeaseASilentHostHasFailed() {
        for (Signals.Leases leases : new Signals.Leases[] {Signals.Leases.FREE, Signals.Leases.NONE}) {
            for (Power power : Power.values()) {
                assertEquals(
                        HostHaState.FAILED, Signals.verdict(leases, power, true).state());
            }
        }
        Signals.Verdict noBmc = Signals.verdict(Signals.Leases.FREE, Power.UNANSWERED, false);
        assertTrue(noBmc.reason(), noBmc.reason().endsWith("it has no BMC"));
        assertTrue(
                Signals.verdict(Signals.Leases.NONE, Power.OFF, true).reason().endsWith("its BMC reads it off"));
    }
}
