package org.strata.shell;

import java.io.PrintStream;

/** Sends a command's output to streams a test reads while the command still runs (strata:event-tail). */
public final class RedirectForTests {

    private RedirectForTests() {}

    public static void redirect(StrataAction action, PrintStream out, PrintStream err) {
        action.redirect(out, err);
    }
}
