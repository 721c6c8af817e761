package org.strata.shell.completer;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Completes from values read from a service; a failure to read them means no candidates, never an error. */
final class Candidates {

    /** The most values a completer offers. */
    static final int CAP = 300;

    private static final Logger LOG = LoggerFactory.getLogger(Candidates.class);

    private Candidates() {}

    static int complete(
            Session session,
            CommandLine commandLine,
            List<String> candidates,
            Supplier<? extends Collection<String>> values) {
        Collection<String> strings;
        try {
            strings = values.get();
        } catch (RuntimeException e) {
            LOG.debug("No completion candidates", e);
            return -1;
        }
        return new StringsCompleter(strings).complete(session, commandLine, candidates);
    }
}
