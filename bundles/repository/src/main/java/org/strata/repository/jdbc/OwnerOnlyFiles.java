package org.strata.repository.jdbc;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files that hold secrets: readable by their owner only, from the moment they exist. */
final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {}

    /**
     * Creates the file with the given content. CREATE_NEW with the permissions set at creation: the content is
     * never readable by others, not even briefly, and an existing file is never overwritten (that throws
     * {@link java.nio.file.FileAlreadyExistsException}).
     */
    static void createNew(Path file, byte[] content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (SeekableByteChannel out = Files.newByteChannel(
                file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(dir))) {
            out.write(ByteBuffer.wrap(content));
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path dir) throws IOException {
        boolean posix = Files.getFileStore(dir == null ? Path.of(".") : dir).supportsFileAttributeView("posix");
        return posix
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }
}
