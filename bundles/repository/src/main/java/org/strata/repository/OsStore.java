package org.strata.repository;

import java.util.List;
import java.util.Optional;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningState;

/**
 * The OS layer's records (V16, docs/os.md): golden images and install trees (configuration, with history entries) and
 * provisionings (the layer's bookkeeping, without history: their steps say what happened). Every write is one
 * transaction. Checks of what the records name (profiles, drivers, paths) are the layer's; the store checks names
 * taken and one open provisioning per target and per MAC address (CONFLICT).
 */
public interface OsStore {

    List<OsImage> images();

    Optional<OsImage> image(String id);

    /** CONFLICT for a name taken; INVALID_INPUT for an unknown storage host. */
    OsImage createImage(OsImageSpec spec, String principal);

    /** NOT_FOUND, or CONFLICT while an open provisioning uses it. */
    void deleteImage(String id, String principal);

    /**
     * Makes {@code volume} (of the image's storage host and pool) the image's volume: a new version of it (since
     * 1.14), patched offline on a copy. The change is recorded in the image's history (the old volume named there);
     * the old volume itself is not touched. CONFLICT while a provisioning uses the image, since it clones the volume
     * it read at its start.
     */
    OsImage replaceImageVolume(String id, String volume, String principal);

    List<InstallTree> installTrees();

    Optional<InstallTree> installTree(String id);

    /** CONFLICT for a name taken. */
    InstallTree createInstallTree(InstallTreeSpec spec, int files, String principal);

    /** NOT_FOUND, or CONFLICT while an open provisioning uses it. */
    void deleteInstallTree(String id, String principal);

    /** What a new provisioning records; {@code token} is kept encrypted, looked up by its hash. */
    record NewProvisioning(
            String targetType,
            String targetId,
            String profileId,
            String driverId,
            ProvisioningMethod method,
            String imageId,
            String installTreeId,
            String bootMac,
            String token,
            ProvisionRequest request) {}

    /** A provisioning with what only the layer sees: its boot MAC, its token, its request and driver. */
    record StoredProvisioning(
            Provisioning provisioning,
            String driverId,
            String imageId,
            String installTreeId,
            String bootMac,
            String token,
            ProvisionRequest request) {}

    /** A new provisioning, PREPARING; CONFLICT when its target or its MAC address has one open already. */
    Provisioning createProvisioning(NewProvisioning p, String principal);

    Optional<Provisioning> provisioning(String id);

    Optional<StoredProvisioning> stored(String id);

    /** The provisioning whose token this is; empty for an unknown token (compared by hash). */
    Optional<StoredProvisioning> byToken(String token);

    /** The open provisioning booting from this MAC address (lower case), if any. */
    Optional<StoredProvisioning> openByMac(String mac);

    /**
     * The provisioning that last brought the machine booting from this MAC address (lower case) to BOOTED, if any:
     * a SAN- or NAS-booted machine goes on booting as it says.
     */
    Optional<StoredProvisioning> lastBootedByMac(String mac);

    /** Newest first. */
    Page<Provisioning> provisionings(PageRequest page);

    /** Provisionings not final, oldest first: what a restarted Strata resumes. */
    List<StoredProvisioning> open();

    void setTask(String id, String taskId);

    /**
     * Appends a step and moves the provisioning to {@code state} (null keeps it); a final state records the end and
     * frees its target and MAC address. A provisioning already final is left as it is (false): a late callback does
     * not reopen it.
     */
    boolean step(String id, ProvisioningState state, String step, String detail, String message);
}
