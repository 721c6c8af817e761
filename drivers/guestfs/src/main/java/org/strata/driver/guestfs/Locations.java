package org.strata.driver.guestfs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.spi.image.DiskImage;

/** Where a disk image is, as the tools are told and as people are told (without a URL's user info). */
final class Locations {

    private static final Pattern USER_INFO = Pattern.compile("^([a-z][a-z0-9+.-]*://)[^/@]*@");

    private Locations() {}

    /** The location for logs and messages: a URL's {@code user:password@} left out. */
    static String shown(String location) {
        return USER_INFO.matcher(location).replaceFirst("$1");
    }

    /** The user info of a URL location (to blank it out of the tools' output), or null. */
    static String userInfo(String location) {
        var m = Pattern.compile("^[a-z][a-z0-9+.-]*://([^/@]*)@").matcher(location);
        return m.find() ? m.group(1) : null;
    }

    /** A file location must name an existing file; a URL is the tools' to open. */
    static void requireDisk(DiskImage disk) {
        if (disk.location().startsWith("/")) {
            Path file = Path.of(disk.location());
            if (!Files.exists(file)) {
                throw new DriverException(Fault.NOT_FOUND, "there is no disk image " + disk.location());
            }
            if (Files.isDirectory(file)) {
                throw new DriverException(Fault.INVALID, disk.location() + " is a folder, not a disk image");
            }
            if (!Files.isReadable(file)) {
                throw new DriverException(
                        Fault.DRIVER_FAILURE, "the disk image " + disk.location() + " cannot be read by Strata");
            }
        }
    }
}
