package org.strata.patching;

import java.nio.file.Path;
import java.util.List;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.RepositoryPackage;

/** What the scan and remediation tasks read and write: the store and the local repositories' files. */
interface PatchRecords {

    Baseline baseline(String id);

    PackageRepository repository(String id);

    /** A local repository's packages; empty for an external one. */
    List<RepositoryPackage> packages(String repositoryId);

    /** A local repository's package file on this node. */
    Path packageFile(String repositoryId, String fileName);

    void saveSoftware(InstalledSoftware software);

    void saveCompliance(Compliance compliance);
}
