package org.strata.bench.fuzz;

/** One thing a check found in one exchange, with what it found in words. */
record Finding(Category category, String detail, Exchange exchange) {}
