package org.strata.shell;

import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.table.ShellTable;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/** Base of the list commands: {@code --offset} and {@code --limit}, and the table with its paging footer. */
public abstract class PagedAction extends StrataAction {

    @Option(name = "--offset", description = "Index of the first item to show, from 0 (default 0)")
    Integer offset;

    @Option(name = "--limit", description = "How many items to show at most, 1 to 500 (default 50)")
    Integer limit;

    /** The page asked for; an invalid offset or limit is an INVALID_INPUT error. */
    protected PageRequest page() {
        return PageRequest.of(offset, limit);
    }

    /** Prints the table and, under it, {@code Showing a-b of total}. */
    protected void print(ShellTable table, Page<?> page) {
        table.print(out());
        out().println(Output.footer(page));
    }
}
