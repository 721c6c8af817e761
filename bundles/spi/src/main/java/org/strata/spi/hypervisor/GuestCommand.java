package org.strata.spi.hypervisor;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A program to run inside a running guest through its agent ({@link HypervisorSession#guestExec}, since 2.4): QEMU's
 * {@code guest-exec}, VMware Tools' {@code StartProgramInGuest}. No shell is involved: {@code path} is run with
 * {@code args} as they are; a caller that needs a shell runs {@code /bin/sh} with {@code -c}.
 *
 * @param path    the program, an absolute path in the guest ("/usr/bin/dpkg-query")
 * @param args    its arguments, without the program's name
 * @param input   what to write to its standard input, then closed; null for none
 * @param timeout how long to wait for it to end; it is killed (when the agent can) and the call fails after that
 */
public record GuestCommand(String path, List<String> args, String input, Duration timeout) {

    public GuestCommand {
        Objects.requireNonNull(path, "path");
        if (path.isBlank()) {
            throw new IllegalArgumentException("a guest command needs a program");
        }
        args = args == null ? List.of() : List.copyOf(args);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a guest command's timeout is positive: " + timeout);
        }
    }
}
