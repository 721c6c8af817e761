package org.strata.ws.soap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.ErrorCode;
import org.strata.api.Page;
import org.strata.api.PageRequest;
import org.strata.api.StrataException;
import org.strata.api.datacenter.TenantScope;
import org.strata.api.os.InstallTree;
import org.strata.api.os.InstallTreeSpec;
import org.strata.api.os.OsAccount;
import org.strata.api.os.OsImage;
import org.strata.api.os.OsImageSpec;
import org.strata.api.os.OsProfileInfo;
import org.strata.api.os.OsService;
import org.strata.api.os.ProvisionRequest;
import org.strata.api.os.Provisioning;
import org.strata.api.os.ProvisioningMethod;
import org.strata.api.os.ProvisioningStep;

/**
 * The OS layer over SOAP, as REST's {@code /os/...} and {@code /provisionings}: profiles, golden images, install
 * trees, and provisioning as one task. While the layer is not running every operation answers the fault UNAVAILABLE.
 * Platform users only, as in REST: users scoped to tenants get FORBIDDEN.
 */
@WebService(name = "Os", serviceName = "OsWebService", portName = "OsPort", targetNamespace = Soap.NAMESPACE)
public class OsWebService {
    private final OsService os;
    private final SoapCaller caller;

    public OsWebService(OsService os, SoapCaller caller) {
        this.os = os;
        this.caller = caller;
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

    /** Every profile of every OS family driver running now. */
    @WebMethod
    @WebResult(name = "profile")
    public List<OsProfileDto> listOsProfiles() throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return os.profiles().stream().map(OsWebService::dto).toList();
        });
    }

    @WebMethod
    @WebResult(name = "profile")
    public OsProfileDto getOsProfile(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(os.profile(id));
        });
    }

    @WebMethod
    @WebResult(name = "image")
    public List<OsImageDto> listOsImages() throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return os.images().stream().map(OsWebService::dto).toList();
        });
    }

    @WebMethod
    @WebResult(name = "image")
    public OsImageDto getOsImage(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(os.image(id));
        });
    }

    /** INVALID for an unknown profile or storage host; CONFLICT for a name taken. */
    @WebMethod
    @WebResult(name = "image")
    public OsImageDto registerOsImage(@WebParam(name = "spec") OsImageSpecDto spec) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(os.registerImage(spec(spec), who));
        });
    }

    /** Forgets the image (its volume stays); CONFLICT while a provisioning uses it. */
    @WebMethod
    public void removeOsImage(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            os.removeImage(id, who);
            return null;
        });
    }

    @WebMethod
    @WebResult(name = "tree")
    public List<InstallTreeDto> listInstallTrees() throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return os.installTrees().stream().map(OsWebService::dto).toList();
        });
    }

    /** As REST's GET /os/trees/{id}: the list filtered (the API reads trees as a list only). */
    @WebMethod
    @WebResult(name = "tree")
    public InstallTreeDto getInstallTree(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(os.installTrees().stream()
                    .filter(t -> t.id().equals(id))
                    .findFirst()
                    .orElseThrow(() -> StrataException.notFound("install tree", id)));
        });
    }

    /** INVALID for a folder that does not exist or is not readable. */
    @WebMethod
    @WebResult(name = "tree")
    public InstallTreeDto registerInstallTree(@WebParam(name = "spec") InstallTreeSpecDto spec) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return dto(os.registerInstallTree(spec(spec), who));
        });
    }

    @WebMethod
    public void removeInstallTree(@WebParam(name = "id") String id) throws StrataFault {
        Faults.call(() -> {
            String who = platformWriter();
            os.removeInstallTree(id, who);
            return null;
        });
    }

    /** Starts provisioning as one task (os.provision); INVALID, before any task, for what the profile cannot serve. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto provision(@WebParam(name = "request") ProvisionRequestDto request) throws StrataFault {
        return Faults.call(() -> {
            String who = platformWriter();
            return SoapMapping.task(os.provision(request(request), who));
        });
    }

    /** Provisionings, newest first. */
    @WebMethod
    @WebResult(name = "page")
    public ProvisioningPageDto listProvisionings(
            @WebParam(name = "offset") Integer offset, @WebParam(name = "limit") Integer limit) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return page(os.provisionings(PageRequest.of(offset, limit)));
        });
    }

    @WebMethod
    @WebResult(name = "provisioning")
    public ProvisioningDto getProvisioning(@WebParam(name = "id") String id) throws StrataFault {
        return Faults.call(() -> {
            platformReader();
            return dto(os.provisioning(id));
        });
    }

    static OsImageSpec spec(OsImageSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        return new OsImageSpec(
                dto.name, dto.profileId, dto.storageHostId, dto.pool, dto.volume, dto.kernel, dto.initrd, dto.nfsRoot);
    }

    static InstallTreeSpec spec(InstallTreeSpecDto dto) {
        if (dto == null) {
            throw StrataException.invalid("spec is required");
        }
        return new InstallTreeSpec(dto.name, dto.profileId, dto.path);
    }

    /**
     * The request as REST binds it: the method one of the enum's names (surrounding white space ignored), accounts
     * with their keys; a setting without a key, or a key given twice, is bad input (a JSON object cannot say either).
     */
    static ProvisionRequest request(ProvisionRequestDto dto) {
        if (dto == null) {
            throw StrataException.invalid("request is required");
        }
        List<OsAccount> accounts = dto.accounts == null
                ? List.of()
                : dto.accounts.stream().map(OsWebService::account).toList();
        Map<String, String> extra = new LinkedHashMap<>();
        for (SettingDto setting : dto.extra == null ? List.<SettingDto>of() : dto.extra) {
            if (setting == null || setting.key == null || setting.key.isBlank()) {
                throw StrataException.invalid("an extra setting needs a key");
            }
            if (extra.put(setting.key, setting.value == null ? "" : setting.value) != null) {
                throw StrataException.invalid("extra setting '" + setting.key + "' is given twice");
            }
        }
        return new ProvisionRequest(
                dto.targetType,
                dto.targetId,
                dto.profileId,
                HaWebService.named(ProvisioningMethod.class, "method", dto.method),
                dto.imageId,
                dto.installTreeId,
                dto.hostname,
                dto.domain,
                accounts,
                dto.packages,
                dto.mirror,
                extra,
                dto.bootMac);
    }

    private static OsAccount account(OsAccountDto dto) {
        if (dto == null) {
            throw StrataException.invalid("an account needs a name");
        }
        return new OsAccount(dto.name, dto.passwordHash, dto.sshKeys);
    }

    static OsProfileDto dto(OsProfileInfo p) {
        OsProfileDto dto = new OsProfileDto();
        dto.id = p.id();
        dto.driverId = p.driverId();
        dto.name = p.name();
        dto.release = p.release();
        dto.edition = p.edition();
        dto.role = p.role();
        dto.architecture = p.architecture();
        for (ProvisioningMethod m : ProvisioningMethod.values()) {
            if (p.methods().contains(m)) {
                dto.methods.add(m.name());
            }
        }
        return dto;
    }

    static OsImageDto dto(OsImage i) {
        OsImageDto dto = new OsImageDto();
        dto.id = i.id();
        dto.name = i.name();
        dto.profileId = i.profileId();
        dto.storageHostId = i.storageHostId();
        dto.pool = i.pool();
        dto.volume = i.volume();
        dto.kernel = i.kernel();
        dto.initrd = i.initrd();
        dto.nfsRoot = i.nfsRoot();
        dto.created = i.created();
        return dto;
    }

    static InstallTreeDto dto(InstallTree t) {
        InstallTreeDto dto = new InstallTreeDto();
        dto.id = t.id();
        dto.name = t.name();
        dto.profileId = t.profileId();
        dto.path = t.path();
        dto.files = t.files();
        dto.created = t.created();
        return dto;
    }

    static ProvisioningDto dto(Provisioning p) {
        ProvisioningDto dto = new ProvisioningDto();
        dto.id = p.id();
        dto.targetType = p.targetType();
        dto.targetId = p.targetId();
        dto.profileId = p.profileId();
        dto.method = p.method() == null ? null : p.method().name();
        dto.hostname = p.hostname();
        dto.state = p.state() == null ? null : p.state().name();
        dto.message = p.message();
        dto.taskId = p.taskId();
        for (ProvisioningStep s : p.steps()) {
            ProvisioningStepDto step = new ProvisioningStepDto();
            step.step = s.step();
            step.detail = s.detail();
            step.at = s.at();
            dto.steps.add(step);
        }
        dto.created = p.created();
        dto.ended = p.ended();
        return dto;
    }

    static ProvisioningPageDto page(Page<Provisioning> page) {
        ProvisioningPageDto dto = new ProvisioningPageDto();
        dto.position(page);
        page.items().forEach(p -> dto.items.add(dto(p)));
        return dto;
    }
}
