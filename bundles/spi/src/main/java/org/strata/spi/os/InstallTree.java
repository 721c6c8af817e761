package org.strata.spi.os;

import java.util.Objects;
import java.util.Set;

/**
 * An install tree the boot service serves: a folder with a family's network-boot files (Debian's netboot installer,
 * a RHEL-family DVD's {@code images/pxeboot}, a Windows PE's {@code boot.wim}) and, for families that install from
 * it, its packages.
 *
 * @param url   where machines reach its root over HTTP, without a trailing slash
 * @param files the relative paths of the files it holds that a driver may name ({@code /}-separated); a driver
 *              refuses a tree that lacks one it needs
 */
public record InstallTree(String url, Set<String> files) {
    public InstallTree {
        Objects.requireNonNull(url, "url");
        files = Set.copyOf(files);
    }

    public boolean has(String path) {
        return files.contains(path);
    }
}
