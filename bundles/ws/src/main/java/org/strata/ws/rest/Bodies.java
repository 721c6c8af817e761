package org.strata.ws.rest;

import org.strata.api.StrataException;
import org.strata.api.vm.VmSpec;

/**
 * Request bodies of the REST API that are not API records themselves. Their fields are checked for
 * presence here (shape, a blank string counting as absent); the values are checked by the services.
 */
final class Bodies {

    private Bodies() {}

    /**
     * POST /vms: the host to define the VM on, its pool, and its spec. Without a host, placement chooses one among the
     * pool's hosts (the datacenter layer).
     */
    public record CreateVm(String hostId, String poolId, VmSpec spec) {
        public CreateVm {
            required(spec, "spec");
        }
    }

    /** GET /clusters/{id}/schedule: the calendar (null: none), the policy now, and the days ahead. */
    public record ScheduleView(
            org.strata.api.datacenter.ClusterSchedule schedule,
            org.strata.api.datacenter.PolicySegment active,
            java.util.List<org.strata.api.datacenter.PolicySegment> timeline) {}

    /** POST /clusters/{id}/hosts: the host to add, with its placement labels. */
    public record ClusterMember(String hostId, java.util.Map<String, String> labels) {
        public ClusterMember {
            required(hostId, "hostId");
        }
    }

    /** POST /vms/{id}/migrate. */
    public record Migration(String targetHostId) {
        public Migration {
            required(targetHostId, "targetHostId");
        }
    }

    /** POST .../volumes/{name}/clone: the new volume's name. */
    public record CloneVolume(String name) {
        public CloneVolume {
            required(name, "name");
        }
    }

    /** PUT .../volumes/{name}/size. */
    public record VolumeSize(Long capacityMb) {
        public VolumeSize {
            required(capacityMb, "capacityMb");
        }
    }

    /** PUT /hosts/{id}/boot-device: the device for the next boot, and whether for every boot (default: once). */
    public record BootDevice(String device, Boolean persistent) {
        public BootDevice {
            required(device, "device");
        }

        boolean everyBoot() {
            return Boolean.TRUE.equals(persistent);
        }
    }

    /** POST /hosts/{id}/firmware: an image file on the Strata host. */
    public record FirmwareImage(String imagePath) {
        public FirmwareImage {
            required(imagePath, "imagePath");
        }
    }

    /**
     * Thrown inside Jackson's binding, this reaches the client as a 400 with this message (see JsonErrors). An empty
     * or blank string is as missing as null: openapi.json states these fields as not blank.
     */
    private static void required(Object value, String field) {
        if (value == null || (value instanceof String text && text.isBlank())) {
            throw StrataException.invalid("field '" + field + "' is required");
        }
    }
}
