package org.strata.ws.soap;

import java.util.List;
import javax.jws.WebMethod;
import javax.jws.WebParam;
import javax.jws.WebResult;
import javax.jws.WebService;
import org.strata.api.storage.StorageAttachment;
import org.strata.api.storage.StorageService;

/** Pools and volumes of storage hosts over SOAP. Lists are read from the backend now; changes return their task. */
@WebService(
        name = "Storage",
        serviceName = "StorageWebService",
        portName = "StoragePort",
        targetNamespace = Soap.NAMESPACE)
public class StorageWebService {
    private final StorageService storage;
    private final SoapCaller caller;

    public StorageWebService(StorageService storage, SoapCaller caller) {
        this.storage = storage;
        this.caller = caller;
    }

    @WebMethod
    @WebResult(name = "pool")
    public List<String> listPools(@WebParam(name = "hostId") String hostId) throws StrataFault {
        return Faults.call(() -> storage.pools(hostId));
    }

    /** One pool with its capacity and free space (-1 where the backend does not say). */
    @WebMethod
    @WebResult(name = "pool")
    public StoragePoolDto getStoragePool(@WebParam(name = "hostId") String hostId, @WebParam(name = "pool") String pool)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.pool(storage.pool(hostId, pool)));
    }

    @WebMethod
    @WebResult(name = "volume")
    public List<VolumeDto> listVolumes(@WebParam(name = "hostId") String hostId, @WebParam(name = "pool") String pool)
            throws StrataFault {
        return Faults.call(() ->
                storage.volumes(hostId, pool).stream().map(SoapMapping::volume).toList());
    }

    @WebMethod
    @WebResult(name = "volume")
    public VolumeDto getVolume(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "name") String name)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.volume(storage.volume(hostId, pool, name)));
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto createVolume(@WebParam(name = "hostId") String hostId, @WebParam(name = "spec") VolumeSpecDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return SoapMapping.task(storage.createVolume(hostId, SoapMapping.spec(spec), who));
        });
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto cloneVolume(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "source") String source,
            @WebParam(name = "newName") String newName)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.task(storage.cloneVolume(hostId, pool, source, newName, caller.writer())));
    }

    /** Grows a volume to {@code capacityMb}; shrinking is refused with CONFLICT. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto resizeVolume(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "name") String name,
            @WebParam(name = "capacityMb") long capacityMb)
            throws StrataFault {
        return Faults.call(
                () -> SoapMapping.task(storage.resizeVolume(hostId, pool, name, capacityMb, caller.writer())));
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto deleteVolume(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "name") String name)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.task(storage.deleteVolume(hostId, pool, name, caller.writer())));
    }

    /** Converts a VMDK, VHD(X) or other image on the storage host into a new volume. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto importVolume(@WebParam(name = "hostId") String hostId, @WebParam(name = "spec") VolumeImportDto spec)
            throws StrataFault {
        return Faults.call(() -> {
            String who = caller.writer();
            return SoapMapping.task(storage.importVolume(hostId, SoapMapping.spec(spec), who));
        });
    }

    /** A volume's snapshots, oldest first. */
    @WebMethod
    @WebResult(name = "snapshot")
    public List<VolumeSnapshotDto> listVolumeSnapshots(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "volume") String volume)
            throws StrataFault {
        return Faults.call(() -> storage.volumeSnapshots(hostId, pool, volume).stream()
                .map(s -> {
                    VolumeSnapshotDto dto = new VolumeSnapshotDto();
                    dto.name = s.name();
                    dto.created = s.created();
                    dto.sizeBytes = s.sizeBytes();
                    return dto;
                })
                .toList());
    }

    /** Takes a snapshot of a volume no running VM uses; the task's result is its name. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto snapshotVolume(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "volume") String volume,
            @WebParam(name = "name") String name)
            throws StrataFault {
        return Faults.call(() -> SoapMapping.task(storage.snapshotVolume(hostId, pool, volume, name, caller.writer())));
    }

    /** Puts a volume back as it was at a snapshot, which stays. */
    @WebMethod
    @WebResult(name = "task")
    public TaskDto revertVolume(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "volume") String volume,
            @WebParam(name = "snapshot") String snapshot)
            throws StrataFault {
        return Faults.call(
                () -> SoapMapping.task(storage.revertVolume(hostId, pool, volume, snapshot, caller.writer())));
    }

    @WebMethod
    @WebResult(name = "task")
    public TaskDto deleteVolumeSnapshot(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "volume") String volume,
            @WebParam(name = "snapshot") String snapshot)
            throws StrataFault {
        return Faults.call(
                () -> SoapMapping.task(storage.deleteVolumeSnapshot(hostId, pool, volume, snapshot, caller.writer())));
    }

    /** Who sees a pool: its attachments, each to a cluster (clusterId) or a host (hostId). */
    @WebMethod
    @WebResult(name = "attachment")
    public List<StorageAttachmentDto> listAttachments(
            @WebParam(name = "hostId") String hostId, @WebParam(name = "pool") String pool) throws StrataFault {
        return Faults.call(() -> storage.attachments(hostId, pool).stream()
                .map(StorageWebService::dto)
                .toList());
    }

    /** Attaches a pool to a cluster or to a host: give one of clusterId and targetHostId. */
    @WebMethod
    @WebResult(name = "attachment")
    public StorageAttachmentDto attachPool(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "clusterId") String clusterId,
            @WebParam(name = "targetHostId") String targetHostId)
            throws StrataFault {
        return Faults.call(() -> dto(storage.attach(
                hostId, pool, new StorageAttachment(hostId, pool, clusterId, targetHostId), caller.writer())));
    }

    /** Detaches a pool from the cluster or host with id {@code targetId}. */
    @WebMethod
    public void detachPool(
            @WebParam(name = "hostId") String hostId,
            @WebParam(name = "pool") String pool,
            @WebParam(name = "targetId") String targetId)
            throws StrataFault {
        Faults.call(() -> {
            storage.detach(hostId, pool, targetId, caller.writer());
            return null;
        });
    }

    private static StorageAttachmentDto dto(StorageAttachment a) {
        StorageAttachmentDto dto = new StorageAttachmentDto();
        dto.storageHostId = a.storageHostId();
        dto.pool = a.pool();
        dto.clusterId = a.clusterId();
        dto.hostId = a.hostId();
        return dto;
    }
}
