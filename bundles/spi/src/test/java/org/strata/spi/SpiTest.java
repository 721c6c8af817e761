package org.strata.spi;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.strata.spi.hardware.BmcIdentity;
import org.strata.spi.hardware.BmcSession;

public class SpiTest {

    @Test
    public void driverIdsAreStableLowerCaseNames() {
        for (String good : new String[] {"kvm", "ipmi", "demo", "vendor-x2"}) {
            assertEquals(good, descriptor(good).id());
        }
        for (String bad : new String[] {"", "KVM", "2fast", "with space", "a".repeat(64)}) {
            assertThrows(bad, IllegalArgumentException.class, () -> descriptor(bad));
        }
    }

    @Test
    public void capabilitiesAreAnImmutableSet() {
        DriverDescriptor d = descriptor("kvm");
        assertTrue(d.can(Capability.VM_POWER));
        assertFalse(d.can(Capability.LIVE_MIGRATION));
        assertThrows(UnsupportedOperationException.class, () -> d.capabilities().add(Capability.LIVE_MIGRATION));
    }

    @Test
    public void anSpi12DescriptorRestrictsNothing() {
        DriverDescriptor d = descriptor("kvm");
        assertEquals(Vocabulary.ANY, d.accepts());
        assertTrue(Vocabulary.accepts(d.accepts().diskBuses(), "anything"));
        assertTrue(d.accepts().acceptsPoolName("iqn.2003-01.org.example:disk1"));
        assertTrue(d.accepts().acceptsUserName("a-user-name-longer-than-sixteen"));
        assertEquals(
                Vocabulary.ANY,
                new DriverDescriptor("x", DriverKind.STORAGE, "v", "1", null, EnumSet.noneOf(Capability.class), null)
                        .accepts());
    }

    @Test
    public void aVocabularyRestrictsWhatItLists() {
        Vocabulary v = Vocabulary.ANY
                .withDiskFormats("raw", "qcow2")
                .withVolumeFormats("vmdk")
                .withPoolNames(new Vocabulary.NameRule("[a-z]+", "lower-case letters"))
                .withMaxUserNameLength(16)
                .withMaxPasswordLength(20);
        assertTrue(Vocabulary.accepts(v.diskFormats(), " QCOW2 "));
        assertFalse(Vocabulary.accepts(v.diskFormats(), "vmdk"));
        assertFalse(Vocabulary.accepts(v.diskFormats(), null));
        assertTrue("an empty list takes every word", Vocabulary.accepts(v.nicModels(), "ne2k"));
        assertEquals(List.of("vmdk"), v.volumeFormats());
        assertTrue(v.acceptsPoolName("pool"));
        assertFalse(v.acceptsPoolName("Pool-1"));
        assertTrue("no rule: any volume name", v.acceptsVolumeName("Any:Name"));
        assertTrue(v.acceptsUserName("a".repeat(16)));
        assertFalse(v.acceptsUserName("a".repeat(17)));
        assertTrue(v.acceptsPassword("p".repeat(20)));
        assertFalse("bytes, not characters", v.acceptsPassword("\u00e9".repeat(11)));
        DriverDescriptor d = descriptor("kvm").accepting(v);
        assertEquals(v, d.accepts());
        assertEquals(descriptor("kvm").capabilities(), d.capabilities());
    }

    @Test
    public void aVocabularyRefusesWhatIsNotAWord() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.ANY.withDiskBuses("VirtIO"));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.ANY.withDiskBuses("virtio", "virtio"));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.ANY.withNicModels("a b"));
        assertThrows(IllegalArgumentException.class, () -> new Vocabulary.NameRule("[a-", "broken"));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.ANY.withMaxUserNameLength(-1));
        assertThrows(
                UnsupportedOperationException.class,
                () -> Vocabulary.ANY.withDiskFormats("raw").diskFormats().add("qcow2"));
    }

    @Test
    public void secretsNeverPrintThemselves() {
        Secret secret = Secret.of("hunter2");
        assertEquals("Secret[******]", secret.toString());
        Endpoint endpoint = new Endpoint("10.0.0.1", "root", secret, Map.of("port", "623"));
        assertFalse(endpoint.toString().contains("hunter2"));
        assertArrayEquals("hunter2".toCharArray(), endpoint.password().reveal());
        char[] copy = secret.reveal();
        copy[0] = 'X';
        assertArrayEquals("the secret keeps its value", "hunter2".toCharArray(), secret.reveal());
        assertTrue(Endpoint.of("x").password().isEmpty());
    }

    @Test
    public void optionalOperationsAnswerUnsupportedUniformly() {
        BmcSession minimal = new BmcSession() {
            @Override
            public BmcIdentity identity() {
                return new BmcIdentity("guid", "acme", "bmc", "1.0");
            }

            @Override
            public void close() {}
        };
        List<Runnable> optional = List.of(
                minimal::powerState,
                () -> minimal.power(BmcSession.PowerAction.ON),
                () -> minimal.bootDevice(BmcSession.BootDevice.PXE, false),
                minimal::sensors,
                () -> minimal.updateFirmware(new byte[0]));
        for (Runnable call : optional) {
            DriverException e = assertThrows(DriverException.class, call::run);
            assertEquals(Fault.UNSUPPORTED, e.fault());
            assertTrue(
                    "words, not the session's class: " + e.getMessage(),
                    e.getMessage().startsWith("this driver does not support "));
        }
        assertEquals(
                "this driver does not support power control",
                assertThrows(DriverException.class, () -> new NamedSession().power(BmcSession.PowerAction.ON))
                        .getMessage());
    }

    /** A session class with a name, as drivers have: the name must not reach the message. */
    private static final class NamedSession implements BmcSession {
        @Override
        public BmcIdentity identity() {
            return new BmcIdentity("guid", "acme", "bmc", "1.0");
        }

        @Override
        public void close() {}
    }

    private static DriverDescriptor descriptor(String id) {
        return new DriverDescriptor(id, DriverKind.HYPERVISOR, "v", "1", null, EnumSet.of(Capability.VM_POWER));
    }
}
