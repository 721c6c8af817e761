package org.strata.driver.nfs;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of NFS version 3 (RFC 1813) and its MOUNT protocol for what qemu-img cannot do: list a directory,
 * read a file's attributes and first bytes, reserve a name, remove a file, read a file system's free space.
 *
 * <p>Why the driver's own client: Debian's libnfs-utils ships only nfs-ls, nfs-cp and nfs-cat (nothing removes a
 * file or reads free space), and the Java NFS clients on Maven Central are either NFSv4.1 server kits (dCache's
 * nfs4j, with grizzly and guava) or unmaintained (EMC's nfs-client-java, on Netty 3), none an OSGi bundle. What is
 * needed here is eight procedures over one TCP connection: a few hundred lines of the JDK.
 */
final class Nfs3 implements AutoCloseable {

    static final int PORTMAP = 100000;
    static final int MOUNT = 100005;
    static final int NFS = 100003;

    private static final int NFS3_OK = 0;
    static final int ERR_NOENT = 2;
    static final int ERR_EXIST = 17;
    static final int ERR_NOTDIR = 20;
    static final int ERR_ISDIR = 21;
    static final int ERR_STALE = 70;

    static final int TYPE_REGULAR = 1;
    static final int TYPE_DIRECTORY = 2;

    private static final int MAX_FH = 64;
    private static final int MAX_NAME = 1024;

    private final RpcConnection rpc;

    private Nfs3(RpcConnection rpc) {
        this.rpc = rpc;
    }

    /** The attributes this driver reads of a file (fattr3, less times and ids). */
    record Attributes(int type, long size, long used, int mode) {}

    /** A directory entry with its handle and attributes (either may be missing: the server need not send them). */
    record Entry(String name, byte[] handle, Attributes attributes) {}

    /** What FSSTAT says: bytes in all, free, and free to this user. */
    record FsStat(long totalBytes, long freeBytes, long availableBytes) {}

    /** An NFS or MOUNT status other than OK, with the protocol's number. */
    static final class StatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        StatusException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    // ---- finding the server and the export

    /** Asks the portmapper (rpcbind) at port 111 for a program's TCP port; 0 when it is not registered. */
    static int port(String host, int program, int version, RpcConnection.Credentials as, Duration timeout)
            throws IOException {
        try (RpcConnection pmap = RpcConnection.open(new InetSocketAddress(host, 111), as, timeout)) {
            Xdr.In r = pmap.call(
                    PORTMAP,
                    2,
                    3,
                    new Xdr.Out().u32(program).u32(version).u32(6).u32(0));
            return (int) r.u32();
        }
    }

    /** MOUNT v3 MNT: the handle of an exported directory (or of a directory in one, where the server allows it). */
    static byte[] mount(InetSocketAddress mountd, String path, RpcConnection.Credentials as, Duration timeout)
            throws IOException {
        try (RpcConnection rpc = RpcConnection.open(mountd, as, timeout)) {
            Xdr.In r = rpc.call(MOUNT, 3, 1, new Xdr.Out().string(path));
            int status = (int) r.u32();
            if (status != 0) {
                throw new StatusException(status, mountError(status));
            }
            return r.opaque(MAX_FH);
        }
    }

    static Nfs3 connect(InetSocketAddress nfsd, RpcConnection.Credentials as, Duration timeout) throws IOException {
        return new Nfs3(RpcConnection.open(nfsd, as, timeout));
    }

    // ---- NFS v3 procedures

    Attributes getattr(byte[] handle) throws IOException {
        Xdr.In r = call(1, new Xdr.Out().opaque(handle));
        status(r);
        return fattr(r);
    }

    /** LOOKUP: a name in a directory; {@link #ERR_NOENT} when it is not there. */
    Entry lookup(byte[] dir, String name) throws IOException {
        Xdr.In r = call(3, new Xdr.Out().opaque(dir).string(name));
        int status = (int) r.u32();
        if (status != NFS3_OK) {
            throw new StatusException(status, nfsError(status));
        }
        byte[] handle = r.opaque(MAX_FH);
        Attributes attributes = postOpAttr(r);
        return new Entry(name, handle, attributes != null ? attributes : getattr(handle));
    }

    /** READ: up to {@code count} bytes from {@code offset}. */
    byte[] read(byte[] file, long offset, int count) throws IOException {
        Xdr.In r = call(6, new Xdr.Out().opaque(file).u64(offset).u32(count));
        int status = (int) r.u32();
        postOpAttr(r);
        if (status != NFS3_OK) {
            throw new StatusException(status, nfsError(status));
        }
        r.u32(); // count
        r.bool(); // eof
        return r.opaque(count);
    }

    /**
     * CREATE, GUARDED: makes an empty file only if the name is free ({@link #ERR_EXIST} otherwise), so that two
     * callers creating one name cannot both go on to write it.
     */
    void createGuarded(byte[] dir, String name, int mode) throws IOException {
        Xdr.Out args = new Xdr.Out().opaque(dir).string(name).u32(1); // GUARDED
        args.bool(true).u32(mode); // mode
        args.bool(false).bool(false).bool(false); // uid, gid, size: the server's
        args.u32(0).u32(0); // atime, mtime: do not change
        Xdr.In r = call(8, args);
        status(r);
    }

    /** REMOVE: a file (not a directory) from a directory. */
    void remove(byte[] dir, String name) throws IOException {
        Xdr.In r = call(12, new Xdr.Out().opaque(dir).string(name));
        status(r);
    }

    /** READDIRPLUS: every entry of a directory but "." and "..", with attributes where the server sends them. */
    List<Entry> list(byte[] dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        long cookie = 0;
        byte[] verifier = new byte[8];
        boolean eof = false;
        while (!eof) {
            Xdr.In r = call(
                    17,
                    new Xdr.Out()
                            .opaque(dir)
                            .u64(cookie)
                            .fixed(verifier)
                            .u32(8192)
                            .u32(65536));
            int status = (int) r.u32();
            postOpAttr(r);
            if (status != NFS3_OK) {
                throw new StatusException(status, nfsError(status));
            }
            verifier = r.fixed(8);
            boolean any = false;
            while (r.bool()) {
                any = true;
                r.u64(); // fileid
                String name = r.string(MAX_NAME);
                cookie = r.u64();
                Attributes attributes = postOpAttr(r);
                byte[] handle = r.bool() ? r.opaque(MAX_FH) : null;
                if (!name.equals(".") && !name.equals("..")) {
                    entries.add(new Entry(name, handle, attributes));
                }
            }
            eof = r.bool();
            if (!eof && !any) {
                throw new Xdr.ProtocolException("the server sent an empty directory page before the end");
            }
        }
        return entries;
    }

    FsStat fsstat(byte[] handle) throws IOException {
        Xdr.In r = call(18, new Xdr.Out().opaque(handle));
        int status = (int) r.u32();
        postOpAttr(r);
        if (status != NFS3_OK) {
            throw new StatusException(status, nfsError(status));
        }
        return new FsStat(r.u64(), r.u64(), r.u64());
    }

    @Override
    public void close() {
        rpc.close();
    }

    // ---- decoding

    private Xdr.In call(int procedure, Xdr.Out args) throws IOException {
        return rpc.call(NFS, 3, procedure, args);
    }

    /** Reads a status word; anything but OK is thrown (the rest of the answer is then of no interest). */
    private static void status(Xdr.In r) throws StatusException {
        int status = (int) r.u32();
        if (status != NFS3_OK) {
            throw new StatusException(status, nfsError(status));
        }
    }

    private static Attributes postOpAttr(Xdr.In r) {
        return r.bool() ? fattr(r) : null;
    }

    private static Attributes fattr(Xdr.In r) {
        int type = (int) r.u32();
        int mode = (int) r.u32();
        r.u32(); // nlink
        r.u32(); // uid
        r.u32(); // gid
        long size = r.u64();
        long used = r.u64();
        r.skip(8 + 8 + 8 + 24); // rdev, fsid, fileid, atime, mtime, ctime
        return new Attributes(type, size, used, mode);
    }

    /** The NFS v3 errors an operator may meet here, in words. */
    static String nfsError(int status) {
        return switch (status) {
            case 1 -> "not permitted";
            case ERR_NOENT -> "no such file or directory";
            case 5 -> "input/output error on the server";
            case 6 -> "no such device or address";
            case 13 -> "permission denied";
            case ERR_EXIST -> "already exists";
            case 18 -> "cross-device operation";
            case ERR_NOTDIR -> "not a directory";
            case ERR_ISDIR -> "is a directory";
            case 22 -> "invalid argument";
            case 27 -> "file too large";
            case 28 -> "no space left on the export";
            case 30 -> "the export is read-only";
            case 63 -> "name too long";
            case 66 -> "directory not empty";
            case 69 -> "quota exceeded";
            case ERR_STALE -> "stale file handle (the file was removed or the server restarted)";
            case 10008 -> "the server is busy (try again)";
            default -> "NFS error " + status;
        };
    }

    static String mountError(int status) {
        return switch (status) {
            case 1 -> "not permitted";
            case 2 -> "the server exports no such directory";
            case 13 -> "the server does not export it to this machine (access denied)";
            case 20 -> "not a directory";
            default -> "MOUNT error " + status;
        };
    }
}
