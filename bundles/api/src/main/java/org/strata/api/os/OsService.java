package org.strata.api.os;

import java.util.List;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.task.Task;

/**
 * The OS layer: profiles, golden images, install trees, provisionings. Methods throw
 * {@link org.strata.api.StrataException} only: NOT_FOUND for unknown ids, INVALID for requests the profile or its
 * driver cannot serve (in words), CONFLICT for names taken or a target being provisioned already.
 */
public interface OsService {

    /** Every profile of every OS family driver running now. */
    List<OsProfileInfo> profiles();

    OsProfileInfo profile(String id);

    List<OsImage> images();

    OsImage image(String id);

    /** Registers a golden image; INVALID for an unknown profile or storage host, CONFLICT for a name taken. */
    OsImage registerImage(OsImageSpec spec, String principal);

    /** Forgets an image (its volume stays); CONFLICT while a provisioning uses it. */
    void removeImage(String id, String principal);

    List<InstallTree> installTrees();

    /** Registers an install tree; INVALID for a folder that does not exist or is not readable. */
    InstallTree registerInstallTree(InstallTreeSpec spec, String principal);

    void removeInstallTree(String id, String principal);

    /**
     * Starts provisioning as one task (operation {@code os.provision}, target type {@code provisioning}, target id the
     * provisioning's; it runs the VM's or machine's own tasks) with progress; the
     * task ends when the provisioned OS calls back, fails, or is cancelled. INVALID (in words, before any task) for a
     * request the profile or its driver cannot serve.
     */
    Task provision(ProvisionRequest request, String principal);

    /** Provisionings, newest first. */
    Page<Provisioning> provisionings(PageRequest page);

    Provisioning provisioning(String id);
}
