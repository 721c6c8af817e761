package org.strata.core.storage;

import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.strata.repository.HostStore;
import org.strata.repository.VolumeStore;
import org.strata.spi.Secret;
import org.strata.spi.hypervisor.DiskAuth;
import org.strata.spi.hypervisor.DiskSpec;
import org.strata.spi.hypervisor.VmSpec;

/**
 * The credentials a VM's network disks need, from the storage hosts that export them: an iSCSI volume exported with
 * CHAP has the CHAP user in its path ({@code iscsi://USER@portal/iqn/lun}) and the storage host's stored password
 * (encrypted at rest) as its secret. Added to the disks just before a spec goes to a hypervisor driver, never kept:
 * the API's VM specs and the repository hold no secret.
 */
@Component(service = DiskCredentials.class)
public final class DiskCredentials {

    private final VolumeStore volumes;
    private final HostStore hosts;

    @Activate
    public DiskCredentials(@Reference VolumeStore volumes, @Reference HostStore hosts) {
        this.volumes = volumes;
        this.hosts = hosts;
    }

    /** The spec with the credentials of each disk that needs some. */
    public VmSpec withAuth(VmSpec spec) {
        if (spec.disks().stream().noneMatch(DiskCredentials::asksForCredentials)) {
            return spec;
        }
        return spec.withDisks(spec.disks().stream().map(this::withAuth).toList());
    }

    /** The disk with its credentials when its target asks for some and Strata knows the storage host; else as is. */
    public DiskSpec withAuth(DiskSpec disk) {
        if (!asksForCredentials(disk) || disk.auth() != null) {
            return disk;
        }
        String user = user(disk.source());
        List<VolumeStore.SeenVolume> seen = volumes.volumesAt(List.of(disk.source()));
        if (seen.isEmpty()) {
            return disk; // a volume no storage host reported: the driver says what it lacks
        }
        char[] password = hosts.hostPassword(seen.get(0).hostId());
        try {
            return password.length == 0 ? disk : disk.withAuth(new DiskAuth(user, Secret.of(password)));
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** Whether the disk's target asks for credentials (an iSCSI URL that names a CHAP user). */
    public static boolean asksForCredentials(DiskSpec disk) {
        return disk.source() != null && disk.source().startsWith("iscsi://") && user(disk.source()) != null;
    }

    /** The user of an {@code iscsi://USER@host/...} URL, or null. */
    static String user(String source) {
        String rest = source.substring("iscsi://".length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        int at = authority.lastIndexOf('@');
        return at <= 0 ? null : authority.substring(0, at);
    }
}
