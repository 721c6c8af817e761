package org.strata.driver.xen;

import java.util.List;
import org.junit.After;
import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.strata.libvirt.support.EventLoop;
import org.strata.spi.Endpoint;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.GraphicsSpec;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.hypervisor.NicSpec;
import org.strata.spi.hypervisor.ResourceSettings;
import org.strata.spi.hypervisor.VmSpec;
import org.strata.spi.testkit.HypervisorDriverContract;

/** The driver test kit against the Xen driver on libvirt's test driver, with PV sample guests. */
public class XenDriverContractTest extends HypervisorDriverContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    private final EventLoop eventLoop = new EventLoop();

    @After
    public void stopEventLoop() {
        eventLoop.close();
    }

    @Override
    protected HypervisorDriver driver() {
        return new XenDriver(eventLoop);
    }

    @Override
    protected Endpoint freshHost() throws Exception {
        return TestHosts.host(folder, secret());
    }

    @Override
    protected VmSpec sampleSpec(String name) {
        return new VmSpec(
                name,
                null,
                1,
                128,
                VmSpec.GuestMode.PV,
                List.of(DiskSpec.disk("/var/lib/xen/" + name + ".img", "raw")),
                List.of(new NicSpec(NicSpec.Attachment.BRIDGE, "xenbr0", null, null)),
                List.of(),
                List.of(),
                new GraphicsSpec(GraphicsSpec.Type.VNC, "127.0.0.1", 0),
                true,
                ResourceSettings.NONE);
    }

    @Override
    protected NicSpec sampleNic() {
        return new NicSpec(NicSpec.Attachment.BRIDGE, "xenbr0", null, null);
    }
}
