package org.strata.bench.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import org.junit.Test;
import tools.jackson.databind.JsonNode;

public class NetworkGuardTest {

    private final NetworkGuard guard = new NetworkGuard();

    @Test
    public void anAddressThatCouldNameAnotherMachineIsMadeLocal() {
        JsonNode body = guard.guard(
                SmallDocument.JSON.readTree(
                        "{\"address\":\"esx://vcenter.example.com/DC\",\"nested\":[{\"addresses\":\"10.0.0.0/8\"}],\"name\":\"10.0.0.1\"}"));
        assertEquals(
                "test:///esx://vcenter.example.com/DC", body.path("address").asString());
        assertEquals(
                "127.0.0.1/10.0.0.0/8",
                body.path("nested").path(0).path("addresses").asString());
        assertEquals(
                "other fields are left alone", "10.0.0.1", body.path("name").asString());
    }

    @Test
    public void theLoopbackValuesAndNonTextPassUnchanged() {
        for (String safe : NetworkGuard.SAFE_ADDRESSES) {
            assertTrue(NetworkGuard.safe("address", safe));
        }
        assertEquals(
                "127.0.0.0/30",
                guard.guard(SmallDocument.JSON.readTree("{\"addresses\":\"127.0.0.0/30\"}"))
                        .path("addresses")
                        .asString());
        assertEquals(
                12,
                guard.guard(SmallDocument.JSON.readTree("{\"address\":12}"))
                        .path("address")
                        .asInt());
        assertFalse(NetworkGuard.safe("addresses", "192.168.0.1"));
    }
}
