package org.strata.driver.demo;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.HypervisorDriver;
import org.strata.spi.testkit.HypervisorDriverContract;

/** The driver test kit run against the demo driver on libvirt's test driver, one private host file per test. */
public class DemoDriverContractTest extends HypervisorDriverContract {

    @Rule
    public TemporaryFolder folder = new TemporaryFolder();

    @Override
    protected HypervisorDriver driver() {
        return new DemoHypervisorDriver();
    }

    @Override
    protected Endpoint freshHost() throws Exception {
        Path file = folder.newFile("host.xml").toPath();
        Files.writeString(file, """
                <node>
                  <cpu><mhz>2000</mhz><model>kit-cpu</model><nodes>1</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>
                  <memory>4194304</memory>
                  <domain type='test'>
                    <name>kit1</name><uuid>1b4e28ba-2fa1-11d2-883f-0016d3cca427</uuid>
                    <memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type></os>
                  </domain>
                </node>
                """);
        return new Endpoint("test://" + file.toAbsolutePath(), "root", Secret.of(secret()), null);
    }
}
