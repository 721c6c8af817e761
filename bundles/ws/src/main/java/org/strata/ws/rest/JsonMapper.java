package org.strata.ws.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.strata.api.datacenter.ClusterSpec;
import org.strata.api.datacenter.TenantSpec;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;

/** The one JSON configuration of the REST API, used by the JAX-RS provider and the tests. */
public final class JsonMapper {

    private JsonMapper() {}

    /**
     * Fields that a GET returns and no POST or PUT can set. They are accepted and ignored in request
     * bodies, so that an object fetched with GET can be changed and sent back, as oVirt's and vCenter's
     * clients do; any other unknown field is still refused.
     */
    @JsonIgnoreProperties({"id", "created", "state", "stateReason", "hasPassword"})
    private abstract static class ReadOnlyFields {}

    /** A host's read-only fields also include what the host reported about itself. */
    @JsonIgnoreProperties({"id", "created", "state", "stateReason", "hasPassword", "info"})
    private abstract static class ReadOnlyHostFields {}

    /** An affinity group's read-only fields also include its cluster, which its URL names. */
    @JsonIgnoreProperties({"id", "created", "clusterId"})
    private abstract static class ReadOnlyGroupFields {}

    /** A VM's HA settings name their VM, which the URL names. */
    @JsonIgnoreProperties({"vmId"})
    private abstract static class ReadOnlyVmHaFields {}

    /** A cluster's HA settings name their cluster, which the URL names. */
    @JsonIgnoreProperties({"clusterId"})
    private abstract static class ReadOnlyClusterHaFields {}

    /** A golden image's read-only fields. */
    @JsonIgnoreProperties({"id", "created"})
    private abstract static class ReadOnlyImageFields {}

    /** An install tree's read-only fields also include how many files it held when read. */
    @JsonIgnoreProperties({"id", "created", "files"})
    private abstract static class ReadOnlyTreeFields {}

    /** A baseline's read-only fields: a baseline fetched with GET can be changed and sent back with PUT. */
    @JsonIgnoreProperties({"id", "created", "updated"})
    private abstract static class ReadOnlyBaselineFields {}

    /**
     * A profile's methods are a set whose order changes from one JVM to the next (Set.copyOf); written in the enum's
     * order, an answer is the same each time it is asked.
     */
    private abstract static class ProfileMethodsInOrder {
        @com.fasterxml.jackson.databind.annotation.JsonSerialize(using = MethodsInOrder.class)
        abstract java.util.Set<org.strata.api.os.ProvisioningMethod> methods();
    }

    static final class MethodsInOrder
            extends com.fasterxml.jackson.databind.JsonSerializer<java.util.Set<org.strata.api.os.ProvisioningMethod>> {
        @Override
        public void serialize(
                java.util.Set<org.strata.api.os.ProvisioningMethod> methods,
                com.fasterxml.jackson.core.JsonGenerator out,
                com.fasterxml.jackson.databind.SerializerProvider provider)
                throws java.io.IOException {
            out.writeStartArray();
            for (org.strata.api.os.ProvisioningMethod m : org.strata.api.os.ProvisioningMethod.values()) {
                if (methods.contains(m)) {
                    out.writeString(m.name());
                }
            }
            out.writeEndArray();
        }
    }

    /**
     * A new mapper: ISO-8601 instants, unknown fields rejected so that a typo is reported, not ignored, and JSON
     * types taken as they are: a number or a boolean where text belongs ({@code "name": 12345}), text where a number
     * or a boolean belongs ({@code "capacityMb": "12"}), a fraction for a whole number, are refused, not converted.
     */
    public static ObjectMapper create() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper.addMixIn(DatacenterSpec.class, ReadOnlyFields.class)
                .addMixIn(PoolSpec.class, ReadOnlyFields.class)
                .addMixIn(HostSpec.class, ReadOnlyHostFields.class)
                .addMixIn(ClusterSpec.class, ReadOnlyFields.class)
                .addMixIn(TenantSpec.class, ReadOnlyFields.class)
                .addMixIn(org.strata.api.datacenter.AffinityGroupSpec.class, ReadOnlyGroupFields.class)
                .addMixIn(org.strata.api.ha.VmHaSpec.class, ReadOnlyVmHaFields.class)
                .addMixIn(org.strata.api.ha.ClusterHaSpec.class, ReadOnlyClusterHaFields.class)
                .addMixIn(org.strata.api.os.OsImageSpec.class, ReadOnlyImageFields.class)
                .addMixIn(org.strata.api.os.InstallTreeSpec.class, ReadOnlyTreeFields.class)
                .addMixIn(org.strata.api.os.OsProfileInfo.class, ProfileMethodsInOrder.class)
                .addMixIn(org.strata.api.patch.BaselineSpec.class, ReadOnlyBaselineFields.class)
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // A JSON number for an enum or a string field is a mistake, not an ordinal or a coercion.
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }
}
