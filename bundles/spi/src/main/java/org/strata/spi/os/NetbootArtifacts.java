package org.strata.spi.os;

import java.util.List;
import java.util.Objects;

/**
 * What a machine network-boots: a kernel, its initrds in order, and the kernel's arguments. Paths are relative to the
 * {@link InstallTree}'s root; the boot service turns them into URLs in the machine's iPXE script.
 */
public record NetbootArtifacts(String kernel, List<String> initrds, String arguments) {
    public NetbootArtifacts {
        Objects.requireNonNull(kernel, "kernel");
        initrds = List.copyOf(initrds);
        arguments = arguments == null ? "" : arguments;
        if (arguments.contains("\n") || arguments.contains("\r")) {
            throw new IllegalArgumentException("kernel arguments are one line");
        }
    }
}
