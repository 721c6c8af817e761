package org.strata.spi.hypervisor;

import java.util.Objects;
import org.strata.spi.Secret;

/**
 * The credentials a network disk's target asks of the hypervisor (since 2.1): CHAP on an iSCSI target. The platform
 * takes them from the storage host that exports the volume; a driver hands them to the hypervisor in its own way
 * (a libvirt secret) and never logs the secret. Read back by {@link HypervisorSession#describe}, the secret is
 * {@link Secret#none()}: hypervisors do not give it back.
 */
public record DiskAuth(String username, Secret secret) {

    public DiskAuth {
        Objects.requireNonNull(username, "username");
        secret = secret == null ? Secret.none() : secret;
    }
}
