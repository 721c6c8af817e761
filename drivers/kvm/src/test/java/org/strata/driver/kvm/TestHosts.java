package org.strata.driver.kvm;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.rules.TemporaryFolder;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;

/**
 * Simulated hosts for libvirt's test driver: one host XML file each, so no two tests share state. The test
 * driver starts the domains of a host file unless {@code test:runstate} says otherwise (5: shut off).
 */
final class TestHosts {

    static final String VM_UUID = "1b4e28ba-2fa1-11d2-883f-0016d3cca427";

    private TestHosts() {}

    /** A two-cell host with one stopped QEMU VM, "kit1", that has a disk, a NIC and a serial console. */
    static Endpoint host(TemporaryFolder folder, String password) throws Exception {
        Path file = folder.newFolder().toPath().resolve("host.xml");
        Files.writeString(file, """
                <node>
                  <cpu><mhz>2000</mhz><model>kvm-test-cpu</model><nodes>2</nodes><sockets>1</sockets><cores>2</cores><threads>1</threads></cpu>
                  <memory>4194304</memory>
                  <domain type='qemu' xmlns:test='http://libvirt.org/schemas/domain/test/1.0'>
                    <name>kit1</name><uuid>%s</uuid>
                    <memory>262144</memory><vcpu>1</vcpu><os><type>hvm</type><boot dev='hd'/></os>
                    <devices>
                      <disk type='file' device='disk'><driver name='qemu' type='qcow2'/><source file='/var/lib/kit1.qcow2'/><target dev='vda' bus='virtio'/></disk>
                      <interface type='network'><mac address='52:54:00:00:00:01'/><source network='default'/><model type='virtio'/></interface>
                      <serial type='pty'><target port='0'/></serial>
                    </devices>
                    <test:runstate>5</test:runstate>
                  </domain>
                </node>
                """.formatted(VM_UUID));
        return new Endpoint("test://" + file.toAbsolutePath(), "root", Secret.of(password), null);
    }
}
