package org.strata.driver.nfs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Reasons;
import org.strata.spi.Vocabulary;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;

/**
 * Volumes as qcow2 and raw image files on an NFS export (a NAS), reached over the network only, in user space: no
 * mount on the machine Strata runs on. Image files are made, copied and grown by qemu-img over {@code nfs://} URLs
 * (QEMU's libnfs), which is also how a VM's QEMU opens them; listing, free space and removal go through the
 * driver's own small NFSv3 client. The endpoint's address is {@code nfs://SERVER/EXPORTED/DIRECTORY}.
 *
 * <p>Configuration (PID {@code org.strata.driver.nfs}, all optional): {@code qemu.img} the qemu-img program
 * (default {@code qemu-img} on the PATH); {@code timeout.seconds} the limit of one NFS call and of a qemu-img create
 * or resize (default 30); {@code copy.timeout.seconds} the limit of one clone or import (default 3600);
 * {@code import.allowed.dirs} comma-separated directories images may be imported from (default
 * {@value #DEFAULT_IMPORT_DIR}; {@code *} allows any file Strata can read).
 */
@Component(
        service = {Driver.class, StorageDriver.class},
        configurationPid = NfsStorageDriver.PID)
public final class NfsStorageDriver implements StorageDriver {

    static final String ID = "nfs";
    static final String PID = "org.strata.driver.nfs";
    static final String DEFAULT_IMPORT_DIR = "/var/lib/strata/import";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.STORAGE,
            "Strata",
            "0.1.0",
            "Volumes as qcow2 and raw image files on an NFS export (nfs://SERVER/EXPORTED/DIRECTORY, NFSv3 over"
                    + " TCP); pools are the export's sub-directories; VM disks are nfs:// network disks",
            EnumSet.of(
                    Capability.VOLUME_CREATE,
                    Capability.VOLUME_CLONE,
                    Capability.VOLUME_RESIZE,
                    Capability.VOLUME_IMPORT,
                    Capability.VOLUME_SNAPSHOT,
                    Capability.VOLUME_LINKED_CLONE),
            Vocabulary.ANY
                    .withVolumeFormats(Names.VOLUME_FORMATS.toArray(String[]::new))
                    .withImportFormats(Names.IMPORT_FORMATS.toArray(String[]::new))
                    .withPoolNames(Names.POOL_RULE)
                    .withVolumeNames(Names.VOLUME_RULE));

    private final QemuImg qemuImg;
    private final Duration timeout;
    private final List<Path> importDirs;
    private final RpcConnection.Credentials as;
    /** Shared by this driver's sessions: see {@link NfsSession#snapshotVolume}. */
    private final Object snapshotLock = new Object();

    @Activate
    public NfsStorageDriver(Map<String, Object> properties) {
        Map<String, Object> p = properties == null ? Map.of() : properties;
        this.timeout = Duration.ofSeconds(number(p.get("timeout.seconds"), 30));
        this.qemuImg = new QemuImg(
                text(p.get("qemu.img"), "qemu-img"),
                timeout,
                Duration.ofSeconds(number(p.get("copy.timeout.seconds"), 3600)));
        this.importDirs = dirs(text(p.get("import.allowed.dirs"), DEFAULT_IMPORT_DIR));
        this.as = processCredentials();
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /**
     * Finds the server's MOUNT and NFS services through its portmapper and mounts the directory, so that a wrong
     * address fails here, at once, and not at the first volume operation.
     */
    @Override
    public StorageSession open(Endpoint endpoint) {
        NfsAddress address = NfsAddress.parse(endpoint.address());
        try {
            int mountd = Nfs3.port(address.server(), Nfs3.MOUNT, 3, as, timeout);
            int nfsd = Nfs3.port(address.server(), Nfs3.NFS, 3, as, timeout);
            if (mountd == 0 || nfsd == 0) {
                throw new DriverException(
                        Fault.UNREACHABLE,
                        "the portmapper of " + address.server() + " knows no NFS version 3 server over TCP"
                                + " (is the NFS server running, with NFSv3 enabled?)");
            }
            InetSocketAddress mountAddress = new InetSocketAddress(address.server(), mountd);
            InetSocketAddress nfsAddress = new InetSocketAddress(address.server(), nfsd);
            byte[] root;
            try {
                root = Nfs3.mount(mountAddress, address.directory(), as, timeout);
            } catch (Nfs3.StatusException e) {
                throw diagnose(address, mountAddress, nfsAddress, e);
            }
            return new NfsSession(address, nfsAddress, root, as, timeout, qemuImg, importDirs, snapshotLock);
        } catch (RpcConnection.RpcException e) {
            Fault fault =
                    e.kind() == RpcConnection.RpcException.Kind.AUTH ? Fault.AUTHENTICATION_FAILED : Fault.UNREACHABLE;
            throw new DriverException(fault, "cannot mount " + address + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new DriverException(
                    Fault.UNREACHABLE,
                    "cannot reach the NFS server " + address.server() + ": " + Reasons.of(e, timeout),
                    e);
        } catch (Xdr.ProtocolException e) {
            throw new DriverException(
                    Fault.UNREACHABLE, address.server() + " does not answer as an NFS server: " + e.getMessage(), e);
        }
    }

    /**
     * Why a mount was refused. Ganesha answers "access denied" for a directory that is not there as well as for a
     * client it does not serve, which would send an operator after the wrong fix: the directory's parents are
     * mounted instead, and the rest of the path looked up in the export, to tell a missing directory (NOT_FOUND)
     * from a refusal (AUTHENTICATION_FAILED: AUTH_SYS's "credentials" are this machine's address and user).
     */
    private DriverException diagnose(
            NfsAddress address, InetSocketAddress mountd, InetSocketAddress nfsd, Nfs3.StatusException refused) {
        String[] parts = address.directory().substring(1).split("/");
        try {
            for (int n = parts.length - 1; n >= 1; n--) {
                String prefix = "/" + String.join("/", java.util.Arrays.copyOf(parts, n));
                byte[] dir;
                try {
                    dir = Nfs3.mount(mountd, prefix, as, timeout);
                } catch (Nfs3.StatusException e) {
                    continue;
                }
                try (Nfs3 nfs = Nfs3.connect(nfsd, as, timeout)) {
                    for (int i = n; i < parts.length; i++) {
                        Nfs3.Entry next;
                        try {
                            next = nfs.lookup(dir, parts[i]);
                        } catch (Nfs3.StatusException e) {
                            if (e.status() == Nfs3.ERR_NOENT) {
                                return new DriverException(
                                        Fault.NOT_FOUND,
                                        "cannot mount " + address + ": the export " + prefix + " has no directory "
                                                + String.join("/", java.util.Arrays.copyOfRange(parts, n, i + 1)),
                                        refused);
                            }
                            throw e;
                        }
                        if (next.attributes().type() != Nfs3.TYPE_DIRECTORY) {
                            return new DriverException(
                                    Fault.NOT_FOUND,
                                    "cannot mount " + address + ": " + parts[i] + " is not a directory",
                                    refused);
                        }
                        dir = next.handle();
                    }
                }
                break;
            }
        } catch (IOException | RuntimeException e) {
            // The diagnosis is a courtesy: what the server answered first stands.
        }
        Fault fault = refused.status() == 2 || refused.status() == 20 ? Fault.NOT_FOUND : Fault.AUTHENTICATION_FAILED;
        return new DriverException(fault, "cannot mount " + address + ": " + refused.getMessage(), refused);
    }

    /**
     * NFS with AUTH_SYS trusts the client's word on who it is. The driver says what qemu-img (its child process)
     * says, the user Strata runs as, so that the files the one creates the other may remove.
     */
    private static RpcConnection.Credentials processCredentials() {
        int uid = 0;
        int gid = 0;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            gid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:gid");
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            // Not Linux: root's ids, which an export must then be told to accept (no_root_squash or an anonuid).
        }
        return new RpcConnection.Credentials(uid, gid, RpcConnection.machineName());
    }

    private static long number(Object value, long fallback) {
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value.toString().trim());
            return n > 0 ? n : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String text(Object value, String fallback) {
        return value == null || value.toString().isBlank()
                ? fallback
                : value.toString().trim();
    }

    /** The allowed import directories; an empty list means anywhere ({@code *}). */
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
}
