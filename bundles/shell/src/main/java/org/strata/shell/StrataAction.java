package org.strata.shell;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.strata.api.StrataException;

/**
 * Base of every Strata shell command: the one place where failures are turned into what an
 * administrator sees. A {@link StrataException} becomes a {@link CommandFailure} whose message is
 * {@code <CODE>: <message>}; anything else becomes {@code internal error, see the log} and is logged with
 * its stack trace. Karaf prints a failure as {@code Error executing command: <message>} on the console
 * (also through {@code bin/client}, which then exits 1), and a {@link CommandFailure} carries no stack
 * trace to print.
 */
public abstract class StrataAction implements Action {

    static final String INTERNAL_ERROR = "internal error, see the log";

    private static final Logger LOG = LoggerFactory.getLogger(StrataAction.class);

    private PrintStream out;
    private PrintStream err;

    /** What the command does; it calls the API services and prints to {@link #out()}. */
    protected abstract void run() throws Exception;

    @Override
    public final Object execute() {
        if (!(this instanceof TenantScoped) && org.strata.api.datacenter.TenantScope.isScoped(ShellPrincipal.roles())) {
            // Users scoped to their tenants run the commands that scope what they show; the rest is infrastructure.
            throw new CommandFailure(org.strata.api.ErrorCode.FORBIDDEN + ": "
                    + org.strata.api.datacenter.TenantScope.NEEDS_PLATFORM_ROLE);
        }
        try {
            run();
        } catch (StrataException e) {
            throw new CommandFailure(errorLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailure("interrupted");
        } catch (Exception e) {
            LOG.error("Shell command {} failed", commandName(), e);
            throw new CommandFailure(INTERNAL_ERROR);
        }
        return null;
    }

    /** The line printed for a failure reported by the API. */
    public static String errorLine(StrataException e) {
        return e.code() + ": " + e.getMessage();
    }

    /** {@code scope:name} of this command, for the log. */
    protected String commandName() {
        Command command = getClass().getAnnotation(Command.class);
        return command == null ? getClass().getName() : command.scope() + ":" + command.name();
    }

    /** The console output: in Karaf, {@code System.out} is the session's own stream. */
    protected PrintStream out() {
        return out != null ? out : System.out;
    }

    /** The console error stream: in Karaf, {@code System.err} is the session's own stream. */
    protected PrintStream err() {
        return err != null ? err : System.err;
    }

    /** Sends output elsewhere than the session's streams (for tests). */
    void redirect(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** A failed command, already explained in its message; it has no stack trace to show. */
    public static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message, null, false, false);
        }
    }
}
