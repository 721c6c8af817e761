package org.strata.core.inventory;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;

import org.junit.Test;
import org.strata.api.ErrorCode;
import org.strata.api.StrataException;
import org.strata.api.inventory.HostSpec;
import org.strata.api.inventory.PoolSpec;

public class ValidationTest {

    private static HostSpec host(String address) {
        return new HostSpec("h1", "dc-1", null, "kvm", address, null, null);
    }

    private static void refused(Runnable check) {
        assertEquals(
                ErrorCode.INVALID_INPUT,
                assertThrows(StrataException.class, check::run).code());
    }

    /** The repository keeps 1024 characters of an address; a longer one must not get as far as the database. */
    @Test
    public void anAddressIsAtMost1024Characters() {
        String longest = "qemu:///" + "x".repeat(1024 - 8);
        assertEquals(longest, Validation.host(host("  " + longest + " ")).address());
        refused(() -> Validation.host(host(longest + "x")));
        refused(() -> Validation.host(host("qemu:///sys\ntem")));
        // Stripped of white space only: a leading control character is refused, not trimmed away.
        refused(() -> Validation.host(host("\u0001qemu:///system")));
        refused(() -> Validation.host(host(" ")));
    }

    @Test
    public void anIdHasNoSpaceOfAnyKindNorControlCharacterAndAtMost64Characters() {
        assertEquals(
                "fe3afe73-12e5-405a-b767-d13b50c521b4", Validation.id("fe3afe73-12e5-405a-b767-d13b50c521b4", "id"));
        assertEquals("x".repeat(64), Validation.id("x".repeat(64), "id"));
        refused(() -> Validation.id("x".repeat(65), "id"));
        for (String bad : new String[] {"a b", "a\tb", "a\u00a0b", "a\u2007b", "a\u0085b", "a\u0000b"}) {
            refused(() -> Validation.id(bad, "id"));
        }
        refused(() -> Validation.id("", "id"));
        refused(() -> Validation.id(" ", "id"));
    }

    /** An optional id left empty or blank is absent, as SOAP sends an empty element. */
    @Test
    public void aBlankOptionalIdIsAbsent() {
        assertNull(Validation.pool(new PoolSpec("dc-1", "  ", "web", null, null, null))
                .parentId());
        refused(() -> Validation.pool(new PoolSpec("dc-1", "a b", "web", null, null, null)));
    }
}
