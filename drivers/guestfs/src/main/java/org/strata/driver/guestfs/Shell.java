package org.strata.driver.guestfs;

/** POSIX shell quoting, for the command lines the image's {@code /bin/sh -c} runs. */
final class Shell {

    private Shell() {}

    /**
     * One word, whatever it holds: in single quotes, where the shell expands nothing, each single quote written as
     * {@code '\''} (close, an escaped quote, open again).
     */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
