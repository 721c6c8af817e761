package org.strata.ws.rest;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.Instant;
import org.junit.Test;
import org.strata.api.inventory.Datacenter;
import org.strata.api.inventory.DatacenterSpec;
import org.strata.api.inventory.Host;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.HostState;

public class JsonMapperTest {

    private final ObjectMapper mapper = JsonMapper.create();

    @Test
    public void whatAGetReturnsCanBeSentBack() throws Exception {
        String fetched = mapper.writeValueAsString(
                new Datacenter("dc-1", "Paris", "first", Instant.parse("2026-01-02T03:04:05Z")));
        DatacenterSpec spec = mapper.readValue(fetched, DatacenterSpec.class);
        assertEquals(new DatacenterSpec("Paris", "first"), spec);

        String host = mapper.writeValueAsString(new Host(
                "h-1",
                "esx1",
                "dc-1",
                null,
                "demo",
                "test:///default",
                "root",
                true,
                HostState.AVAILABLE,
                null,
                Instant.EPOCH));
        HostSpec hostSpec = mapper.readValue(host, HostSpec.class);
        assertEquals("esx1", hostSpec.name());
        assertNull("the password is write-only and stays untouched", hostSpec.password());
    }

    @Test
    public void aHostsInfoIsReadOnly() throws Exception {
        String host = mapper.writeValueAsString(new Host(
                "h-1",
                "kvm1",
                "dc-1",
                null,
                "kvm",
                "qemu:///system",
                null,
                false,
                HostState.AVAILABLE,
                null,
                Instant.EPOCH,
                new org.strata.api.inventory.HostInfo(
                        "kvm1", "QEMU", "8.2.2", "EPYC", 8, 1024, null, java.util.Set.of("kvm"), null, Instant.EPOCH)));
        assertEquals(true, host.contains("\"hypervisorVersion\":\"8.2.2\""));
        assertEquals("kvm1", mapper.readValue(host, HostSpec.class).name());
        assertThrows(
                UnrecognizedPropertyException.class,
                () -> mapper.readValue("{\"name\":\"x\",\"info\":null}", DatacenterSpec.class));
    }

    @Test
    public void aHostsBmcIsWritable() throws Exception {
        String host = mapper.writeValueAsString(new Host(
                "h-1",
                "kvm1",
                "dc-1",
                null,
                "kvm",
                "qemu:///system",
                null,
                false,
                HostState.AVAILABLE,
                null,
                Instant.EPOCH,
                null,
                "bm-1"));
        assertEquals(true, host.contains("\"bmcHostId\":\"bm-1\""));
        assertEquals("bm-1", mapper.readValue(host, HostSpec.class).bmcHostId());
        assertNull(mapper.readValue("{\"name\":\"x\"}", HostSpec.class).bmcHostId());
    }

    @Test
    public void otherUnknownFieldsAreStillRefused() {
        assertThrows(
                UnrecognizedPropertyException.class,
                () -> mapper.readValue("{\"name\":\"x\",\"colour\":\"blue\"}", DatacenterSpec.class));
    }

    @Test
    public void instantsAreIsoStrings() throws Exception {
        String json = mapper.writeValueAsString(new Datacenter("i", "n", null, Instant.parse("2026-01-02T03:04:05Z")));
        assertEquals(true, json.contains("\"created\":\"2026-01-02T03:04:05Z\""));
    }

    @Test
    public void jsonTypesAreTakenAsTheyAreNotConverted() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper mapper = JsonMapper.create();
        for (String body :
                new String[] {"{\"name\":12345}", "{\"name\":\"dc\",\"description\":true}", "{\"name\":1.5}"}) {
            org.junit.Assert.assertThrows(
                    body,
                    com.fasterxml.jackson.databind.JsonMappingException.class,
                    () -> mapper.readValue(body, org.strata.api.inventory.DatacenterSpec.class));
        }
        for (String body : new String[] {
            "{\"name\":\"p\",\"datacenterId\":\"d\",\"cpuLimit\":\"4\"}",
            "{\"name\":\"p\",\"datacenterId\":\"d\",\"cpuLimit\":4.5}"
        }) {
            org.junit.Assert.assertThrows(
                    body,
                    com.fasterxml.jackson.databind.JsonMappingException.class,
                    () -> mapper.readValue(body, org.strata.api.inventory.PoolSpec.class));
        }
        org.junit.Assert.assertEquals(
                Integer.valueOf(4),
                mapper.readValue(
                                "{\"name\":\"p\",\"datacenterId\":\"d\",\"cpuLimit\":4}",
                                org.strata.api.inventory.PoolSpec.class)
                        .cpuLimit());
    }
}
