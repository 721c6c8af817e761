package org.strata.security.login;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.Test;

public class BasicCredentialsTest {

    private static String basic(String raw) {
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    public void parsesUserAndPasswordWhichMayContainColons() {
        BasicCredentials c = BasicCredentials.parse(basic("jürgen:pa:ss")).orElseThrow();
        assertEquals("jürgen", c.user());
        assertArrayEquals("pa:ss".toCharArray(), c.password());
        assertFalse(c.toString().contains("pa:ss"));
    }

    @Test
    public void schemeIsCaseInsensitive() {
        assertTrue(BasicCredentials.parse("basic " + basic("a:b").substring(6)).isPresent());
    }

    @Test
    public void rejectsAnythingElse() {
        assertFalse(BasicCredentials.parse(null).isPresent());
        assertFalse(BasicCredentials.parse("").isPresent());
        assertFalse(BasicCredentials.parse("Bearer abc").isPresent());
        assertFalse(BasicCredentials.parse("Basic !!!notbase64").isPresent());
        assertFalse(BasicCredentials.parse(basic("nocolon")).isPresent());
        assertFalse(BasicCredentials.parse(basic(":emptyuser")).isPresent());
        assertFalse(BasicCredentials.parse(
                        "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, ':', 'x'}))
                .isPresent());
    }
}
