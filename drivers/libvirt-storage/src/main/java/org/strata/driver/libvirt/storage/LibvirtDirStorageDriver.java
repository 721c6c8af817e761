package org.strata.driver.libvirt.storage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.libvirt.Connect;
import org.libvirt.ErrorCallback;
import org.libvirt.LibvirtException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.strata.libvirt.support.EndpointAuth;
import org.strata.spi.Capability;
import org.strata.spi.Driver;
import org.strata.spi.DriverDescriptor;
import org.strata.spi.DriverException;
import org.strata.spi.DriverKind;
import org.strata.spi.Endpoint;
import org.strata.spi.Fault;
import org.strata.spi.Vocabulary;
import org.strata.spi.storage.StorageDriver;
import org.strata.spi.storage.StorageSession;

/**
 * Volumes in libvirt {@code dir} storage pools: a directory of qcow2 and raw files on a libvirt host, the
 * storage every KVM or Xen host has without extra setup. The endpoint's address is a libvirt URI.
 *
 * <p>Configuration (PID {@code org.strata.driver.libvirt.storage}, all optional):
 * {@code qemu.img} the qemu-img program (default: {@code qemu-img} on the PATH);
 * {@code import.allowed.dirs} comma-separated directories that images may be imported from (default
 * {@value #DEFAULT_IMPORT_DIR}; {@code *} allows any file Strata can read). Closed by default because an import
 * copies a file the platform's user can read into a volume that a VM, and so its owner, can read: without a
 * fence, a manager could read {@code /etc/shadow} that way.
 */
@Component(
        service = {Driver.class, StorageDriver.class},
        configurationPid = LibvirtDirStorageDriver.PID)
public final class LibvirtDirStorageDriver implements StorageDriver {

    static final String ID = "libvirt-dir";
    static final String PID = "org.strata.driver.libvirt.storage";
    static final String DEFAULT_IMPORT_DIR = "/var/lib/strata/import";

    private static final DriverDescriptor DESCRIPTOR = new DriverDescriptor(
            ID,
            DriverKind.STORAGE,
            "Strata",
            "0.1.0",
            "Volumes in libvirt dir storage pools (qemu:///system, qemu+ssh://host/system, test:///...);"
                    + " linked qcow2 volumes; imports VMDK, VHD and VHDX images and takes qcow2 snapshots on local hosts",
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
                    .withVolumeNames(Names.VOLUME_RULE));

    /**
     * libvirt prints every error to stderr unless a callback takes it; the errors reach us as exceptions
     * anyway. One shared instance, because JNA must keep a callback reachable for as long as C may call it.
     */
    private static final ErrorCallback QUIET = new ErrorCallback();

    private final QemuImg qemuImg;
    private final List<Path> importDirs;
    private final Object snapshotLock = new Object();

    @Activate
    public LibvirtDirStorageDriver(Map<String, Object> properties) {
        Object tool = properties == null ? null : properties.get("qemu.img");
        this.qemuImg = new QemuImg(
                tool == null || tool.toString().isBlank()
                        ? "qemu-img"
                        : tool.toString().trim());
        this.importDirs = dirs(properties == null ? null : properties.get("import.allowed.dirs"));
    }

    @Override
    public DriverDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public StorageSession open(Endpoint endpoint) {
        String uri = endpoint.address();
        String shown = LibvirtUris.safe(uri);
        try {
            // Errors of a connection that fails to open go to libvirt's process-wide handler, which prints them.
            Connect.setErrorCallback(QUIET);
            EndpointAuth auth = EndpointAuth.forEndpoint(endpoint);
            Connect connect = auth != null ? new Connect(uri, auth, 0) : new Connect(uri, false);
            connect.setConnectionErrorCallback(QUIET);
            return new LibvirtDirSession(
                    shown, LibvirtUris.hasLocalFiles(uri), connect, qemuImg, importDirs, snapshotLock);
        } catch (LibvirtException e) {
            throw Faults.ofOpen(shown, e);
        } catch (UnsatisfiedLinkError e) {
            throw new DriverException(
                    Fault.DRIVER_FAILURE, "libvirt is not installed on this machine (Debian package libvirt0)", e);
        }
    }

    /** The allowed import directories; an empty list means anywhere ({@code *}). */
    private static List<Path> dirs(Object value) {
        String text = value == null || value.toString().isBlank()
                ? DEFAULT_IMPORT_DIR
                : value.toString().trim();
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
