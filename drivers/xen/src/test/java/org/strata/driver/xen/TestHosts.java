package org.strata.driver.xen;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;

/**
 * Simulated Xen hosts for libvirt's test driver: one host XML file each, so no two tests share state. The test
 * driver starts the domains of a host file unless {@code test:runstate} says otherwise (5: shut off).
 */
final class TestHosts {

    static final String PV_UUID = "2c9f0a51-8d1e-4b7a-9b0e-5a0c7e3f1d01";

    private TestHosts() {}

    /** A host with one stopped PV guest, "pv1", booting through pygrub from xvda. */
    static Endpoint host(TemporaryFolder folder, String password) throws Exception {
        Path file = folder.newFolder().toPath().resolve("host.xml");
        Files.writeString(file, """
                <node>
                  <cpu><mhz>2000</mhz><model>xen-test-cpu</model><nodes>1</nodes><sockets>1</sockets><cores>4</cores><threads>1</threads></cpu>
                  <memory>8388608</memory>
                  <domain type='xen' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>pv1</name><uuid>%s</uuid>
                    <memory>262144</memory><vcpu>1</vcpu>
                    <bootloader>pygrub</bootloader>
                    <os><type>xen</type></os>
                    <devices>
                      <disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='/var/lib/xen/pv1.img'/><target dev='xvda' bus='xen'/></disk>
                      <interface type='bridge'><mac address='00:16:3e:00:00:01'/><source bridge='xenbr0'/><model type='netfront'/></interface>
                      <console type='pty'><target type='xen' port='0'/></console>
                    </devices>
                    <test:runstate>5</test:runstate>
                  </domain>
                </node>
                """.formatted(PV_UUID));
        return new Endpoint("test://" + file.toAbsolutePath(), "root", Secret.of(password), null);
    }
}
