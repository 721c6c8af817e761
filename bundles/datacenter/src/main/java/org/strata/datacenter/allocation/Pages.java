package org.strata.datacenter.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.strata.api.Page;
import org.strata.api.PageRequest;

/** Every item of a paged list, read a page of the largest size at a time. */
public final class Pages {

    private Pages() {}

    public static <T> List<T> all(Function<PageRequest, Page<T>> read) {
        List<T> all = new ArrayList<>();
        int offset = 0;
        while (true) {
            Page<T> page = read.apply(new PageRequest(offset, PageRequest.MAX_LIMIT));
            all.addAll(page.items());
            offset += page.items().size();
            if (page.items().isEmpty() || offset >= page.total()) {
                return all;
            }
        }
    }
}
