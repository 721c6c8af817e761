package org.strata.driver.esx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.storage.PoolInfo;
import org.strata.spi.storage.StorageSession;
import org.strata.spi.storage.VolumeInfo;
import org.strata.vsphere.vim.ObjectContent;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.VimFault;
import org.strata.vsphere.vim.VimTasks;
import org.strata.vsphere.vim.XmlNode;

/**
 * The datastores of one ESX host. Volumes are VMDK disks: listed with the datastore browser
 * ({@code SearchDatastoreSubFolders_Task}, every folder), made, copied and removed with the virtual disk manager.
 * A volume's name is its path in the datastore ("web/data.vmdk"); its path is the datastore path the ESX driver
 * attaches ("[datastore1] web/data.vmdk"). New disks are thin provisioned.
 */
final class EsxDatastoreSession implements StorageSession {

    private static final Duration TASK_LIMIT = Duration.ofMinutes(30);
    /** The extents and change files a disk is made of: parts of a disk, not disks. */
    private static final List<String> PARTS = List.of("-flat.vmdk", "-delta.vmdk", "-ctk.vmdk", "-sesparse.vmdk");

    private final String driverId;
    private final VimConnection vim;
    private final Placement place;

    EsxDatastoreSession(String driverId, VimConnection vim, Placement place) {
        this.driverId = driverId;
        this.vim = vim;
        this.place = place;
    }

    @Override
    public List<String> pools() {
        return poolInfo().stream().map(PoolInfo::name).toList();
    }

    /** The host's datastores that can be used now, with their capacity and free space. */
    @Override
    public List<PoolInfo> poolInfo() {
        List<PoolInfo> out = new ArrayList<>();
        for (ObjectContent ds : Datastores.of(vim, place.host())) {
            if (!"false".equals(ds.text("summary.accessible"))) {
                out.add(new PoolInfo(
                        ds.text("summary.name"),
                        ds.longValue("summary.capacity", -1),
                        ds.longValue("summary.freeSpace", -1)));
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    @Override
    public List<VolumeInfo> volumes(String pool) {
        ObjectContent ds = Datastores.named(vim, place.host(), place.hostName(), pool);
        VimElement spec = VimElement.el(
                "searchSpec",
                VimElement.el(
                                "query",
                                VimElement.el(
                                        "details",
                                        VimElement.el("diskType", true),
                                        VimElement.el("capacityKb", true),
                                        VimElement.el("hardwareVersion", false)))
                        .typed("VmDiskFileQuery"),
                VimElement.el(
                        "details",
                        VimElement.el("fileType", true),
                        VimElement.el("fileSize", true),
                        VimElement.el("modification", false),
                        VimElement.el("fileOwner", false)),
                VimElement.el("matchPattern", "*.vmdk"));
        XmlNode result = task(
                "list the disks of datastore " + pool,
                () -> vim.invoke(
                        "SearchDatastoreSubFolders_Task",
                        ds.ref("browser"),
                        VimElement.el("datastorePath", "[" + pool + "]"),
                        spec));
        String prefix = "[" + pool + "]";
        List<VolumeInfo> out = new ArrayList<>();
        if (result != null) {
            for (XmlNode folder : result.children()) {
                String folderPath = folder.text("folderPath");
                // "[ds] web/" on ESX, "[ds]/web" on the simulator: the folder is what follows the datastore.
                String dir = folderPath == null
                        ? ""
                        : folderPath.startsWith(prefix)
                                ? folderPath.substring(prefix.length()).replaceFirst("^[ /]+", "")
                                : folderPath;
                if (!dir.isEmpty() && !dir.endsWith("/")) {
                    dir = dir + "/";
                }
                for (XmlNode file : folder.all("file")) {
                    String name = dir + file.text("path");
                    if (!name.toLowerCase(Locale.ROOT).endsWith(".vmdk")
                            || PARTS.stream().anyMatch(name::endsWith)) {
                        continue;
                    }
                    long size = file.longAt("fileSize", 0);
                    long capacityKb = file.longAt("capacityKb", -1);
                    out.add(new VolumeInfo(
                            pool, name, capacityKb >= 0 ? capacityKb * 1024 : size, size, "vmdk", prefix + " " + name));
                }
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** A thin VMDK ({@code CreateVirtualDisk_Task}); its folder is made first when the name has one. */
    @Override
    public VolumeInfo createVolume(String pool, String name, long capacityBytes, String format) {
        if (format != null && !format.equals("vmdk") && !format.equals("raw")) {
            throw DriverException.unsupported(driverId, format + " volumes: datastores hold VMDK disks (format vmdk)");
        }
        String file = disk(name);
        Datastores.named(vim, place.host(), place.hostName(), pool);
        if (volumes(pool).stream().anyMatch(v -> v.name().equals(file))) {
            throw new DriverException(Fault.CONFLICT, "datastore " + pool + " has a disk " + file + " already");
        }
        int slash = file.lastIndexOf('/');
        if (slash > 0) {
            call("make folder " + file.substring(0, slash), () -> {
                try {
                    return vim.invoke(
                            "MakeDirectory",
                            vim.service("fileManager"),
                            VimElement.el("name", "[" + pool + "] " + file.substring(0, slash)),
                            VimElement.el("datacenter", place.datacenter()),
                            VimElement.el("createParentDirectories", true));
                } catch (VimFault e) {
                    if (e.is("FileAlreadyExists")) {
                        return null;
                    }
                    throw e;
                }
            });
        }
        long kb = Math.max(1, (capacityBytes + 1023) / 1024);
        task(
                "create disk " + file,
                () -> vim.invoke(
                        "CreateVirtualDisk_Task",
                        vim.service("virtualDiskManager"),
                        VimElement.el("name", "[" + pool + "] " + file),
                        VimElement.el("datacenter", place.datacenter()),
                        VimElement.el(
                                        "spec",
                                        VimElement.el("diskType", "thin"),
                                        VimElement.el("adapterType", "lsiLogic"),
                                        VimElement.el("capacityKb", kb))
                                .typed("FileBackedVirtualDiskSpec")));
        return volume(pool, file);
    }

    @Override
    public void deleteVolume(String pool, String name) {
        VolumeInfo v = volume(pool, disk(name));
        task(
                "delete disk " + v.name(),
                () -> vim.invoke(
                        "DeleteVirtualDisk_Task",
                        vim.service("virtualDiskManager"),
                        VimElement.el("name", v.path()),
                        VimElement.el("datacenter", place.datacenter())));
    }

    @Override
    public VolumeInfo cloneVolume(String pool, String source, String newName) {
        VolumeInfo from = volume(pool, disk(source));
        String file = disk(newName);
        if (volumes(pool).stream().anyMatch(v -> v.name().equals(file))) {
            throw new DriverException(Fault.CONFLICT, "datastore " + pool + " has a disk " + file + " already");
        }
        task(
                "copy disk " + from.name() + " to " + file,
                () -> vim.invoke(
                        "CopyVirtualDisk_Task",
                        vim.service("virtualDiskManager"),
                        VimElement.el("sourceName", from.path()),
                        VimElement.el("sourceDatacenter", place.datacenter()),
                        VimElement.el("destName", "[" + pool + "] " + file),
                        VimElement.el("destDatacenter", place.datacenter()),
                        VimElement.el("force", false)));
        return volume(pool, file);
    }

    @Override
    public void close() {
        vim.close();
    }

    /** A disk's name: it ends in .vmdk, as ESX names disks. */
    private String disk(String name) {
        if (!name.toLowerCase(Locale.ROOT).endsWith(".vmdk")) {
            throw DriverException.unsupported(driverId, "disk names without .vmdk ('" + name + "')");
        }
        return name;
    }

    private XmlNode task(String doing, Supplier<XmlNode> start) {
        XmlNode task = call(doing, start);
        try {
            return VimTasks.await(vim, task.moRef(), VimTasks.Watcher.NONE, TASK_LIMIT);
        } catch (VimFault e) {
            throw EsxFaults.map(doing, e);
        }
    }

    private static <T> T call(String doing, Supplier<T> work) {
        try {
            return work.get();
        } catch (VimFault e) {
            throw EsxFaults.map(doing, e);
        }
    }
}
