package org.strata.repository.jdbc;

import java.nio.file.Path;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;

/**
 * The repository's database exists but cannot be used as it is. Strata must not start on it: starting would
 * mean either answering errors to everything or, worse, a new empty schema written over what is left. The
 * message says what was found and what an operator can do; the file itself is left as it was.
 */
public final class RepositoryUnusableException extends StrataException {

    private static final long serialVersionUID = 1L;

    private final Path file;
    private final boolean damaged;

    RepositoryUnusableException(Path file, String why, boolean damaged) {
        super(
                ErrorCode.INTERNAL,
                "the configuration repository " + file + " " + why + ". It was left untouched. "
                        + (damaged ? whatToDo(file) : ""));
        this.file = file;
        this.damaged = damaged;
    }

    private static String whatToDo(Path file) {
        return "Restore it from a backup (together with etc/strata-secret.key and etc/strata-repository.password),"
                + " or save what it still holds with H2's recovery tool (docs/operations.md, \"A damaged repository\")."
                + " To start with a new, empty repository instead, move " + file.getFileName() + " away.";
    }

    public Path file() {
        return file;
    }

    /** True when the file's content is at fault (rather than the credentials or another process). */
    public boolean damaged() {
        return damaged;
    }
}
