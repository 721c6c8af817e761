package org.strata.spi.image;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Driver;
import org.strata.spi.DriverException;
import org.strata.spi.os.OsCommand;

/**
 * Disk image tools (kind {@link org.strata.spi.DriverKind#IMAGE_TOOLS}, since SPI 1.7): read what a disk image that
 * does not run holds, and change it, without booting it. libguestfs does this by booting a small appliance of its own
 * around the disk; another implementation could mount it on a helper VM.
 *
 * <p>Strata calls these on disks nothing else uses: a stopped VM's, a template's, a golden image's, or a copy of one.
 * Never on the disk of a running VM (the tools would read a file system that changes under them and could corrupt it).
 * The calls are slow (tens of seconds: libguestfs boots its appliance for each) and block the calling thread, which
 * Strata runs as a task; an interrupted caller stops the tools and gets {@code DRIVER_FAILURE}.
 *
 * <p>Capabilities: {@code IMAGE_INSPECTION} ({@link #inspect}), {@code IMAGE_CUSTOMIZATION} ({@link #customize}).
 */
@ConsumerType
public interface DiskImageDriver extends Driver {

    /**
     * The image's OS and installed packages.
     *
     * @throws DriverException NOT_FOUND when there is no such image; INVALID when it holds no OS the tools recognize
     *                         (the message says so); DRIVER_FAILURE when the tools fail
     */
    ImageInspection inspect(DiskImage disk);

    /**
     * Copies {@code copies} into the image, then runs {@code commands} in order inside it (as root, in the image's
     * root file system, without network), and writes the changes to the image. The first command that exits
     * non-zero fails the call with {@code DRIVER_FAILURE} and its output in the message; the image may then be half
     * changed: callers work on a copy (Strata does) and throw it away on failure.
     *
     * @throws DriverException NOT_FOUND when there is no such image or copy source; INVALID when it holds no OS the
     *                         tools recognize; DRIVER_FAILURE as said
     */
    void customize(DiskImage disk, List<FileCopy> copies, List<OsCommand> commands);
}
