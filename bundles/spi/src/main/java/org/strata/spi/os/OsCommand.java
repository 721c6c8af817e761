package org.strata.spi.os;

import java.util.List;

/**
 * A program an OS family driver asks Strata to run, in a running guest through its agent or inside a disk image
 * offline (since 2.2): the first element of {@code argv} is the program's absolute path, the rest its arguments, with
 * no shell in between (a driver that needs one names {@code /bin/sh} and {@code -c}).
 *
 * @param argv  the program and its arguments; not empty, the first an absolute path
 * @param input what to give the program on its standard input, or null for nothing
 */
public record OsCommand(List<String> argv, String input) {

    public OsCommand {
        argv = List.copyOf(argv);
        if (argv.isEmpty() || !(argv.get(0).startsWith("/") || argv.get(0).matches("[A-Za-z]:\\\\.*"))) {
            throw new IllegalArgumentException("a command starts with a program's absolute path: " + argv);
        }
    }

    /** The program and its arguments, nothing on standard input. */
    public static OsCommand of(String... argv) {
        return new OsCommand(List.of(argv), null);
    }
}
