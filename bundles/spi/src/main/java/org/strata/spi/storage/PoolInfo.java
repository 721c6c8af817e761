package org.strata.spi.storage;

import java.util.Objects;

/**
 * A pool as its backend reports it (since 1.2).
 *
 * @param capacityBytes how much it holds in all, or -1 when the backend does not say
 * @param freeBytes     how much is free now, or -1 when the backend does not say
 */
public record PoolInfo(String name, long capacityBytes, long freeBytes) {

    public PoolInfo {
        Objects.requireNonNull(name, "name");
    }
}
