package org.strata.ws.soap;

import java.io.ByteArrayInputStream;
import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.patch.Baseline;
import org.strata.api.patch.BaselinePackage;
import org.strata.api.patch.BaselineSpec;
import org.strata.api.patch.Compliance;
import org.strata.api.patch.ComplianceCsv;
import org.strata.api.patch.InstalledSoftware;
import org.strata.api.patch.PackageRepository;
import org.strata.api.patch.PackageRepositorySpec;
import org.strata.api.patch.PatchService;
import org.strata.api.patch.PatchTargets;
import org.strata.api.patch.PatchWindow;
import org.strata.api.patch.PatchWindowSpec;
import org.strata.api.patch.RepositoryPackage;
import org.strata.api.patch.TargetKind;

/**
 * Patching over SOAP, as REST's {@code /patching/...}: repositories and their packages (an upload is the file as
 * base64 bytes, at most the limit this service is built with), baselines, software, scans and remediations as
 * tasks, the compliance report (also as CSV text), and patch windows. While patching is not running every operation answers the
 * fault UNAVAILABLE. Platform users only, as in REST: users scoped to tenants get FORBIDDEN.
 */
@WebService(name = "Patch", serviceName = "PatchWebService", portName = "PatchPort", targetNamespace = Soap.NAMESPACE)
public class PatchWebService {

    /** The largest package an upload takes unless ws.xml says otherwise: SOAP holds the whole file in memory. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 64L * 1024 * 1024;

    private final PatchService patching;
    private final SoapCaller caller;
    private final long maxUploadBytes;

    public PatchWebService(PatchService patching, SoapCaller caller) {
        this(patching, caller, DEFAULT_MAX_UPLOAD_BYTES);
    }

    public PatchWebService(PatchService patching, SoapCaller caller, long maxUploadBytes) {
        this.patching = patching;
        this.caller = caller;
        this.maxUploadBytes = maxUploadBytes;
    }

    private String platformReader() throws StrataFault {
        String who = caller.reader();
        if (TenantScope.isScoped(caller.current().roles())) {
            throw new StrataException(ErrorCode.FORBIDDEN, TenantScope.NEEDS_PLATFORM_ROLE);
        }
        return who;
    }

    private String platformWriter() throws StrataFault {
        platformReader();
        return caller.writer();
    }

    // ---- repositories

    @WebMethod
    @WebResult(name = "repository")
    public List<PackageRepositoryDto> listPackageRepositories() throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return patching.repositories().stream().map(PatchWebService::dto).toList();
        });
    }

    @WebMethod
    @WebResult(name = "repository")
    public PackageRepositoryDto getPackageRepository(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(patching.repository(id));
        });
    }

    /** A local repository when url is absent; INVALID for a family no OS driver has; CONFLICT for a name taken. */
    @WebMethod
    @WebResult(name = "repository")
    public PackageRepositoryDto createPackageRepository(@WebParam(name = "spec") PackageRepositorySpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(patching.createRepository(spec(spec), who));
        });
    }

    /** CONFLICT while a baseline names it. */
    @WebMethod
    public void deletePackageRepository(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            patching.deleteRepository(id, who);
            return null;
        });
    }

    @WebMethod
    @WebResult(name = "package")
    public List<RepositoryPackageDto> listRepositoryPackages(@WebParam(name = "repositoryId") String repositoryId)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return patching.packages(repositoryId).stream()
                    .map(PatchWebService::dto)
                    .toList();
        });
    }

    /**
     * The package file as base64 bytes; INVALID for none, for one over the limit, or for a file that is not a
     * package of the repository's family; CONFLICT when the repository has it already.
     */
    @WebMethod
    @WebResult(name = "package")
    public RepositoryPackageDto uploadPackage(
            @WebParam(name = "repositoryId") String repositoryId, @WebParam(name = "file") byte[] file)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            if (file == null || file.length == 0) {
                throw StrataException.invalid("the package file (file, base64) is required");
            }
            if (file.length > maxUploadBytes) {
                throw StrataException.invalid("the package file is larger than the " + maxUploadBytes
                        + " bytes a SOAP upload may have; upload it over REST");
            }
            return dto(patching.uploadPackage(repositoryId, new ByteArrayInputStream(file), who));
        });
    }

    @WebMethod
    public void deletePackage(
            @WebParam(name = "repositoryId") String repositoryId, @WebParam(name = "fileName") String fileName)
            throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            patching.deletePackage(repositoryId, fileName, who);
            return null;
        });
    }

    // ---- baselines

    @WebMethod
    @WebResult(name = "baseline")
    public List<BaselineDto> listBaselines() throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return patching.baselines().stream().map(PatchWebService::dto).toList();
        });
    }

    @WebMethod
    @WebResult(name = "baseline")
    public BaselineDto getBaseline(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(patching.baseline(id));
        });
    }

    @WebMethod
    @WebResult(name = "baseline")
    public BaselineDto createBaseline(@WebParam(name = "spec") BaselineSpecDto spec) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(patching.createBaseline(spec(spec), who));
        });
    }

    @WebMethod
    @WebResult(name = "baseline")
    public BaselineDto updateBaseline(@WebParam(name = "id") String id, @WebParam(name = "spec") BaselineSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(patching.updateBaseline(id, spec(spec), who));
        });
    }

    @WebMethod
    public void deleteBaseline(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            patching.deleteBaseline(id, who);
            return null;
        });
    }

    // ---- software, scans, compliance, remediation

    /** targetKind VM, TEMPLATE or IMAGE (any case); NOT_FOUND when the target's software was never read. */
    @WebMethod
    @WebResult(name = "software")
    public InstalledSoftwareDto getSoftware(
            @WebParam(name = "targetKind") String targetKind, @WebParam(name = "targetId") String targetId)
            throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(patching.software(kind(targetKind), targetId));
        });
    }

    /** Starts the task that reads the target's software now (patch.software). */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto readSoftware(
            @WebParam(name = "targetKind") String targetKind, @WebParam(name = "targetId") String targetId)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.task(patching.readSoftware(kind(targetKind), targetId, who));
        });
    }

    /** Starts a scan; no targets: everything of the baseline's profile. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto scan(
            @WebParam(name = "baselineId") String baselineId, @WebParam(name = "targets") PatchTargetsDto targets)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.task(patching.scan(baselineId, targets(targets), who));
        });
    }

    @WebMethod
    @WebResult(name = "compliance")
    public List<ComplianceDto> getCompliance(@WebParam(name = "baselineId") String baselineId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return patching.compliance(baselineId).stream()
                    .map(PatchWebService::dto)
                    .toList();
        });
    }

    /** The same report as CSV text, as REST's {@code ?format=csv} writes it. */
    @WebMethod
    @WebResult(name = "csv")
    public String getComplianceCsv(@WebParam(name = "baselineId") String baselineId) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return ComplianceCsv.write(patching.compliance(baselineId));
        });
    }

    /** Starts a remediation; INVALID when it names no target. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto remediate(
            @WebParam(name = "baselineId") String baselineId, @WebParam(name = "targets") PatchTargetsDto targets)
            throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            PatchTargets named = targets(targets);
            if (named.isEmpty()) {
                throw StrataException.invalid("a remediation names its targets: vmId, templateId or imageId");
            }
            return SoapMapping.task(patching.remediate(baselineId, named, who));
        });
    }

    // ---- patch windows

    @WebMethod
    @WebResult(name = "window")
    public List<PatchWindowDto> listWindows() throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return patching.windows().stream().map(PatchWebService::dto).toList();
        });
    }

    @WebMethod
    @WebResult(name = "window")
    public PatchWindowDto getWindow(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(patching.window(id));
        });
    }

    /**
     * INVALID for an unknown baseline, a bad name, an expression Quartz cannot read, an unknown zone, a window not
     * closed within a week, a batch size outside 1 to 100; NOT_FOUND for a target that does not exist; CONFLICT for
     * a name taken.
     */
    @WebMethod
    @WebResult(name = "window")
    public PatchWindowDto createWindow(@WebParam(name = "spec") PatchWindowSpecDto spec) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(patching.createWindow(spec(spec), who));
        });
    }

    /** A run under way goes on to its end. */
    @WebMethod
    public void deleteWindow(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            patching.deleteWindow(id, who);
            return null;
        });
    }

    // ---- mapping

    static TargetKind kind(String raw) {
        String k = raw == null ? "" : raw.strip().toUpperCase(java.util.Locale.ROOT);
        for (TargetKind kind : TargetKind.values()) {
            if (kind.name().equals(k)) {
                return kind;
            }
        }
        throw StrataException.invalid("targetKind must be VM, TEMPLATE or IMAGE, was '" + raw + "'");
    }

    private static PatchTargets targets(PatchTargetsDto dto) {
        return dto == null
                ? new PatchTargets(null, null, null)
                : new PatchTargets(dto.vmIds, dto.templateIds, dto.imageIds);
    }

    private static PackageRepositorySpec spec(PackageRepositorySpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        return new PackageRepositorySpec(dto.name, dto.family, dto.url, dto.suite, dto.components);
    }

    private static BaselineSpec spec(BaselineSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        List<BaselinePackage> packages = dto.packages.stream()
                .map(p -> {
                    if (p == null || p.name == null || p.name.isBlank()) {
                        throw StrataException.invalid("every package of a baseline has a name");
                    }
                    return new BaselinePackage(p.name, p.minimumVersion);
                })
                .toList();
        return new BaselineSpec(dto.name, dto.profileId, dto.repositoryId, dto.everythingInRepository, packages);
    }

    private static PatchWindowSpec spec(PatchWindowSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        return new PatchWindowSpec(
                dto.name, dto.baselineId, targets(dto.targets), dto.start, dto.end, dto.zone, dto.batchSize);
    }

    static PatchWindowDto dto(PatchWindow w) {
        PatchWindowDto dto = new PatchWindowDto();
        dto.id = w.id();
        dto.name = w.name();
        dto.baselineId = w.baselineId();
        dto.targets = new PatchTargetsDto();
        if (w.targets() != null) {
            dto.targets.vmIds.addAll(w.targets().vmIds());
            dto.targets.templateIds.addAll(w.targets().templateIds());
            dto.targets.imageIds.addAll(w.targets().imageIds());
        }
        dto.start = w.start();
        dto.end = w.end();
        dto.zone = w.zone();
        dto.batchSize = w.batchSize();
        dto.nextOpening = w.nextOpening();
        dto.lastOpened = w.lastOpened();
        dto.lastTaskId = w.lastTaskId();
        dto.created = w.created();
        return dto;
    }

    static PackageRepositoryDto dto(PackageRepository r) {
        PackageRepositoryDto dto = new PackageRepositoryDto();
        dto.id = r.id();
        dto.name = r.name();
        dto.family = r.family();
        dto.local = r.local();
        dto.url = r.url();
        dto.suite = r.suite();
        dto.components.addAll(r.components());
        dto.created = r.created();
        return dto;
    }

    static RepositoryPackageDto dto(RepositoryPackage p) {
        RepositoryPackageDto dto = new RepositoryPackageDto();
        dto.name = p.name();
        dto.version = p.version();
        dto.architecture = p.architecture();
        dto.fileName = p.fileName();
        dto.size = p.size();
        dto.sha256 = p.sha256();
        dto.uploaded = p.uploaded();
        return dto;
    }

    static BaselineDto dto(Baseline b) {
        BaselineDto dto = new BaselineDto();
        dto.id = b.id();
        dto.name = b.name();
        dto.profileId = b.profileId();
        dto.repositoryId = b.repositoryId();
        dto.everythingInRepository = b.everythingInRepository();
        for (BaselinePackage p : b.packages()) {
            BaselinePackageDto pd = new BaselinePackageDto();
            pd.name = p.name();
            pd.minimumVersion = p.minimumVersion();
            dto.packages.add(pd);
        }
        dto.created = b.created();
        dto.updated = b.updated();
        return dto;
    }

    static ComplianceDto dto(Compliance c) {
        ComplianceDto dto = new ComplianceDto();
        dto.baselineId = c.baselineId();
        dto.targetKind = c.targetKind() == null ? null : c.targetKind().name();
        dto.targetId = c.targetId();
        dto.targetName = c.targetName();
        dto.status = c.status() == null ? null : c.status().name();
        dto.method = c.method();
        for (Compliance.MissingPackage m : c.missing()) {
            MissingPackageDto md = new MissingPackageDto();
            md.name = m.name();
            md.required = m.required();
            md.installed = m.installed();
            dto.missing.add(md);
        }
        dto.reason = c.reason();
        dto.scanned = c.scanned();
        return dto;
    }

    static InstalledSoftwareDto dto(InstalledSoftware s) {
        InstalledSoftwareDto dto = new InstalledSoftwareDto();
        dto.targetKind = s.targetKind() == null ? null : s.targetKind().name();
        dto.targetId = s.targetId();
        dto.method = s.method();
        dto.os = s.os();
        dto.family = s.family();
        for (InstalledSoftware.SoftwarePackage p : s.packages()) {
            SoftwarePackageDto pd = new SoftwarePackageDto();
            pd.name = p.name();
            pd.version = p.version();
            pd.architecture = p.architecture();
            dto.packages.add(pd);
        }
        dto.read = s.read();
        return dto;
    }
}
