package org.strata.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a command as Karaf would after parsing it, capturing what it prints and the line Karaf shows on failure. */
public final class ActionRunner {

    /** What a command printed, and its failure line ({@code null} when it succeeded). */
    public record Result(String out, String err, String failure) {}

    private ActionRunner() {}

    public static Result run(StrataAction action) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        action.redirect(
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String failure = null;
        try {
            action.execute();
        } catch (StrataAction.CommandFailure e) {
            failure = e.getMessage();
        }
        return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), failure);
    }
}
