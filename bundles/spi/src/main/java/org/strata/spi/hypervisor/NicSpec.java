package org.strata.spi.hypervisor;

import java.util.Objects;

/**
 * A network interface of a VM.
 *
 * @param attachment what it plugs into: a hypervisor-managed network, a host bridge, or user-mode NAT
 * @param source     the network or bridge name (ignored for {@link Attachment#USER})
 * @param mac        the MAC address, or null to let the hypervisor choose; also the id to detach it by
 * @param model      the emulated card ("virtio", "e1000", "rtl8139"), or null for the driver's default
 */
public record NicSpec(Attachment attachment, String source, String mac, String model) {

    public NicSpec {
        Objects.requireNonNull(attachment, "attachment");
    }

    public static NicSpec network(String networkName) {
        return new NicSpec(Attachment.NETWORK, networkName, null, null);
    }

    public NicSpec withMac(String newMac) {
        return new NicSpec(attachment, source, newMac, model);
    }

    public enum Attachment {
        NETWORK,
        BRIDGE,
        USER
    }
}
