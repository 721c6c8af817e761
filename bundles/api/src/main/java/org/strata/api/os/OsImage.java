package org.strata.api.os;

import java.time.Instant;

/** A registered golden image (see {@link OsImageSpec}). */
public record OsImage(
        String id,
        String name,
        String profileId,
        String storageHostId,
        String pool,
        String volume,
        String kernel,
        String initrd,
        String nfsRoot,
        Instant created) {}
