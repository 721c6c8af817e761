package org.strata.patching;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.Compliance.MissingPackage;
import org.strata.api.patch.InstalledSoftware.SoftwarePackage;
import org.strata.api.patch.RepositoryPackage;

/**
 * What a target lacks against a baseline, in its family's version order (the OS driver's {@code compareVersions}):
 * each named package it does not have or has older than the minimum, and, for a baseline of everything in its
 * repository, each package of the repository it has older than the repository's newest. A package installed in
 * several architectures (multiarch) counts by its newest.
 */
final class ComplianceCheck {

    private final Comparator<String> versions;

    ComplianceCheck(Comparator<String> versions) {
        this.versions = versions;
    }

    List<MissingPackage> missing(
            Baseline baseline, List<RepositoryPackage> repository, List<SoftwarePackage> installed) {
        Map<String, String> have = newest(
                installed.stream().map(p -> Map.entry(p.name(), p.version())).toList());
        Map<String, MissingPackage> missing = new LinkedHashMap<>();
        for (BaselinePackage required : baseline.packages()) {
            String version = have.get(required.name());
            if (version == null
                    || (required.minimumVersion() != null
                            && versions.compare(version, required.minimumVersion()) < 0)) {
                missing.put(required.name(), new MissingPackage(required.name(), required.minimumVersion(), version));
            }
        }
        if (baseline.everythingInRepository()) {
            Map<String, String> offered = newest(repository.stream()
                    .map(p -> Map.entry(p.name(), p.version()))
                    .toList());
            for (Map.Entry<String, String> patch : offered.entrySet()) {
                String version = have.get(patch.getKey());
                if (version != null && versions.compare(version, patch.getValue()) < 0) {
                    MissingPackage before = missing.get(patch.getKey());
                    // The stricter of the two requirements is the one to report.
                    if (before == null
                            || before.required() == null
                            || versions.compare(patch.getValue(), before.required()) > 0) {
                        missing.put(patch.getKey(), new MissingPackage(patch.getKey(), patch.getValue(), version));
                    }
                }
            }
        }
        List<MissingPackage> list = new ArrayList<>(missing.values());
        list.sort(Comparator.comparing(MissingPackage::name));
        return list;
    }

    /** The repository's newest file of the package, when it is at least {@code minimum} (null: any version). */
    Optional<RepositoryPackage> offered(String name, String minimum, List<RepositoryPackage> repository) {
        return repository.stream()
                .filter(p -> p.name().equals(name))
                .max((a, b) -> versions.compare(a.version(), b.version()))
                .filter(p -> minimum == null || versions.compare(p.version(), minimum) >= 0);
    }

    private Map<String, String> newest(List<Map.Entry<String, String>> packages) {
        Map<String, String> newest = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : packages) {
            newest.merge(p.getKey(), p.getValue(), (a, b) -> versions.compare(a, b) >= 0 ? a : b);
        }
        return newest;
    }
}
