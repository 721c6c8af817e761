package org.strata.driver.iscsi;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Secret;
import org.strata.spi.Vocabulary;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;

/**
 * A Linux SCSI target run by tgt's user-space daemon, tgtd, as an array: its targets are pools (named by their
 * IQN), file-backed LUNs are volumes, and VMs open them as network disks with QEMU's own initiator
 * ({@code iscsi://PORTAL/IQN/LUN}). Like OpenStack Cinder's LVM/tgt driver, it runs on the storage node and drives
 * the tgtd there with {@code tgtadm}; the endpoint's address says which tgtd ({@link IscsiAddress}).
 *
 * <p>Configuration (PID {@code org.strata.driver.iscsi}, all optional): {@code tgtadm} the tgtadm program,
 * {@code cp} the copy program used for clones (GNU cp, for {@code --sparse=always}), {@code dirs.allowed}
 * comma-separated folders an address's {@code dir} may be in (default {@value IscsiAddress#DEFAULT_DIR}; {@code *}
 * any). Closed by default because the driver runs as root: whoever may add a storage host must not thereby make
 * root create folders and tgt configuration files wherever they like.
 */
@Component(
        service = {Driver.class, StorageDriver.class},
        configurationPid = IscsiStorageDriver.PID)
public final class IscsiStorageDriver implements StorageDriver {

    static final String ID = "iscsi";
    static final String PID = "org.strata.driver.iscsi";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.STORAGE,
            "Strata",
            "0.1.0",
            "Linux SCSI target (tgt) on this machine: targets as pools (IQNs), file-backed LUNs as volumes"
                    + " (iscsi://PORTAL/?control=N&dir=/path&pool=IQN[&chap=USER])",
            EnumSet.of(
                    Capability.VOLUME_CREATE,
                    Capability.VOLUME_CLONE,
                    Capability.VOLUME_RESIZE,
                    Capability.VOLUME_SNAPSHOT),
            Vocabulary.ANY
                    .withVolumeFormats(Names.VOLUME_FORMATS.toArray(String[]::new))
                    .withPoolNames(Names.POOL_RULE)
                    .withVolumeNames(Names.VOLUME_RULE));

    private final String tgtadm;
    private final String cp;
    /** Empty: any folder. */
    private final List<Path> allowedDirs;
    /**
     * tgtd hands out no target or LUN numbers itself: the driver picks the next free one and adds it, one at a time
     * for all sessions of this driver instance.
     */
    private final Lock numbering = new ReentrantLock();

    @Activate
    public IscsiStorageDriver(Map<String, Object> properties) {
        this.tgtadm = setting(properties, "tgtadm", "tgtadm");
        this.cp = setting(properties, "cp", "cp");
        this.allowedDirs = dirs(setting(properties, "dirs.allowed", IscsiAddress.DEFAULT_DIR));
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StorageSession open(Endpoint endpoint) {
        IscsiAddress address = IscsiAddress.parse(endpoint.address());
        if (!allowedDirs.isEmpty() && allowedDirs.stream().noneMatch(address.dir()::startsWith)) {
            throw Names.invalid("dir " + address.dir() + " is not among the folders this driver may keep volumes in "
                    + allowedDirs + " (configuration dirs.allowed of " + PID + ")");
        }
        Secret chapSecret = address.chap() == null ? Secret.none() : chapSecret(endpoint.password());
        IscsiSession session =
                new IscsiSession(address, new Tgtadm(tgtadm, address.control()), numbering, cp, chapSecret);
        session.prepare();
        return session;
    }

    /**
     * The storage host's password is the CHAP secret. It goes into tgt-admin's file as one word, so blanks and control
     * characters are refused; the message never shows it.
     */
    private static Secret chapSecret(Secret password) {
        if (password == null || password.isEmpty()) {
            throw Names.invalid("chap= in an iscsi:// address needs the storage host's password, the CHAP secret;"
                    + " none was given");
        }
        char[] p = password.reveal();
        try {
            for (char c : p) {
                if (c <= ' ' || c == 0x7f) {
                    throw Names.invalid(
                            "the storage host's password (the CHAP secret) must not contain blanks or control characters");
                }
            }
        } finally {
            java.util.Arrays.fill(p, '\0');
        }
        return password;
    }

    private static List<Path> dirs(String text) {
        if (text.equals("*")) {
            return List.of();
        }
        List<Path> dirs = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                dirs.add(Path.of(part.trim()).toAbsolutePath().normalize());
            }
        }
        return List.copyOf(dirs);
    }

    private static String setting(Map<String, Object> properties, String key, String fallback) {
        Object value = properties == null ? null : properties.get(key);
        return value == null || value.toString().isBlank()
                ? fallback
                : value.toString().trim();
    }
}
