package org.strata.api.os;

import java.time.Instant;

/** A registered install tree (see {@link InstallTreeSpec}); {@code files} is how many files it held when read. */
public record InstallTree(String id, String name, String profileId, String path, int files, Instant created) {}
