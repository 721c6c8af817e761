package org.strata.spi.hypervisor;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;

public class GuestInfoTest {

    @Test
    public void noAgentIsAnAnswerWithItsReasonNotAnError() {
        GuestInfo none = GuestInfo.noAgent("QEMU guest agent is not connected");
        assertFalse(none.agentAnswered());
        assertEquals("QEMU guest agent is not connected", none.reason());
        assertTrue(none.os().isEmpty());
        assertNull(none.hostname());
        assertTrue(none.interfaces().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> GuestInfo.noAgent(" "));
        assertThrows(IllegalArgumentException.class, () -> new GuestInfo(false, null, null, null, null));
    }

    @Test
    public void theOsReportKeepsTheKnownKeysInTheirOrderAndIsImmutable() {
        Map<String, String> os = new LinkedHashMap<>();
        os.put("machine", "x86_64");
        os.put("id", "debian");
        os.put("variant", "not one of ours");
        os.put("version", " ");
        List<GuestInfo.Interface> nics = new ArrayList<>();
        nics.add(new GuestInfo.Interface("eth0", "52:54:00:AB:CD:EF", List.of(new GuestInfo.Address("10.0.2.15", 24))));
        GuestInfo info = new GuestInfo(true, "ignored when an agent answered", os, "", nics);
        nics.clear();
        assertNull(info.reason());
        assertEquals(List.of("id", "machine"), List.copyOf(info.os().keySet()));
        assertNull("a blank host name is none", info.hostname());
        assertEquals("52:54:00:ab:cd:ef", info.interfaces().get(0).mac());
        assertEquals(1, info.interfaces().size());
        assertThrows(UnsupportedOperationException.class, () -> info.os().put("id", "x"));
        assertFalse(info.interfaces().get(0).addresses().get(0).ipv6());
        assertTrue(new GuestInfo.Address("fe80::1", 64).ipv6());
        assertThrows(IllegalArgumentException.class, () -> new GuestInfo.Address("10.0.0.1", 129));
    }

    @Test
    public void aSessionThatDoesNotOverrideItAnswersUnsupported() {
        HypervisorSession session = (HypervisorSession) java.lang.reflect.Proxy.newProxyInstance(
                HypervisorSession.class.getClassLoader(), new Class<?>[] {HypervisorSession.class}, (p, m, a) -> {
                    if (m.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(p, m, a);
                    }
                    throw new AssertionError(m.getName());
                });
        DriverException e = assertThrows(DriverException.class, () -> session.guestInfo("vm-1"));
        assertEquals(Fault.UNSUPPORTED, e.fault());
    }
}
