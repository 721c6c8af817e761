package org.strata.datacenter.ha;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The HA VMs' lease files, as Strata sees them on the lease directory it shares with the hosts (docs/ha.md). A lease
 * is held while some host's lock daemon ({@code virtlockd}) holds an fcntl lock on its file, that is while a copy of the
 * VM runs there, whether Strata can reach that host or not: the storage signal that tells an isolated host (alive,
 * its VMs' leases held) from a dead one (its lock daemon died with it, its leases free).
 *
 * <p>Reading a lease takes the lock for an instant and gives it back: a host starting the VM in that instant is
 * refused, which is why a restart retries a refused start once.
 */
public final class LeaseFiles {

    /** What a lease file says. */
    public enum Lease {
        HELD,
        FREE,
        /** No file, or it cannot be read: nothing is known. */
        UNKNOWN
    }

    private LeaseFiles() {}

    /** Creates the VM's lease file (empty) unless it exists; the hypervisor refuses a lease whose file is missing. */
    public static void ensure(String lockspace, String key) throws IOException {
        Path dir = Path.of(lockspace);
        Files.createDirectories(dir);
        Path file = dir.resolve(key);
        if (!Files.exists(file)) {
            try {
                Files.createFile(file);
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // made meanwhile: what was wanted
            }
        }
    }

    /** Removes the VM's lease file when nobody holds it (the VM left HA, or was deleted). */
    public static void remove(String lockspace, String key) {
        try {
            if (read(lockspace, key) == Lease.FREE) {
                Files.deleteIfExists(Path.of(lockspace, key));
            }
        } catch (IOException e) {
            // left behind: an empty file, harmless
        }
    }

    public static Lease read(String lockspace, String key) {
        Path file = Path.of(lockspace, key);
        if (!Files.isRegularFile(file)) {
            return Lease.UNKNOWN;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // virtlockd locks the file's first byte (fcntl F_SETLK), as Java's tryLock does on Linux.
            FileLock lock = channel.tryLock(0, 1, false);
            if (lock == null) {
                return Lease.HELD;
            }
            lock.release();
            return Lease.FREE;
        } catch (OverlappingFileLockException e) {
            return Lease.UNKNOWN; // this JVM reads it at the same moment
        } catch (IOException e) {
            return Lease.UNKNOWN;
        }
    }
}
