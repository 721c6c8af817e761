package org.strata.spi.testkit;

import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.Before;
import org.junit.Test;
import org.strata.spi.Capability;
import org.strata.spi.DriverKind;
import org.strata.spi.Fault;
import org.strata.spi.image.DiskImage;
import org.strata.spi.image.DiskImageDriver;
import org.strata.spi.image.FileCopy;
import org.strata.spi.os.OsCommand;

/**
 * What the platform relies on from every disk image tools driver (since SPI 1.7), checked without a disk image: the
 * descriptor, and NOT_FOUND for a disk that is not there, said before any tool starts. Extend it in your driver's
 * tests and run it with JUnit 4:
 *
 * <pre>
 * public class AcmeImageToolsContractTest extends DiskImageDriverContract {
 *     protected DiskImageDriver driver() { return new AcmeImageTools(Map.of()); }
 * }
 * </pre>
 *
 * What only a real image shows (the OS and packages read, a package installed offline, a failing command's output)
 * is for your own tests against your real tools: the kit cannot ship an image.
 */
public abstract class DiskImageDriverContract {

    private DiskImageDriver driver;

    /** A new instance of the driver under test. */
    protected abstract DiskImageDriver driver() throws Exception;

    /** A disk image that does not exist. */
    protected DiskImage missingDisk() {
        return new DiskImage("/nonexistent/" + KitChecks.uniqueName("disk") + ".qcow2", "qcow2");
    }

    @Before
    public void makeDriver() throws Exception {
        driver = driver();
    }

    @Test
    public void describesItselfAsDiskImageTools() throws Exception {
        KitChecks.assertDescribes(DriverKind.IMAGE_TOOLS, driver.descriptor(), driver().descriptor());
        Set<Capability> capabilities = driver.descriptor().capabilities();
        assertFalse(
                "a disk image tools driver can inspect or customize images, or both",
                !capabilities.contains(Capability.IMAGE_INSPECTION)
                        && !capabilities.contains(Capability.IMAGE_CUSTOMIZATION));
        for (Capability c : capabilities) {
            assertTrue(
                    "only disk image tools capabilities: " + c,
                    c == Capability.IMAGE_INSPECTION || c == Capability.IMAGE_CUSTOMIZATION);
        }
    }

    @Test
    public void inspectingAMissingDiskIsNotFound() {
        if (driver.descriptor().can(Capability.IMAGE_INSPECTION)) {
            KitChecks.expectFault(Fault.NOT_FOUND, () -> driver.inspect(missingDisk()));
        }
    }

    @Test
    public void customizingAMissingDiskIsNotFound() {
        if (driver.descriptor().can(Capability.IMAGE_CUSTOMIZATION)) {
            KitChecks.expectFault(
                    Fault.NOT_FOUND,
                    () -> driver.customize(
                            missingDisk(),
                            List.of(new FileCopy("/etc/hostname", "/var/tmp")),
                            List.of(OsCommand.of("/bin/true"))));
        }
    }
}
