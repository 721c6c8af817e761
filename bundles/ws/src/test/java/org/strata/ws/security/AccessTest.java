package org.strata.ws.security;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class AccessTest {

    @Test
    public void safeMethodsReadOthersWrite() {
        assertEquals(Access.READ, Access.forHttpMethod("GET"));
        assertEquals(Access.READ, Access.forHttpMethod("HEAD"));
        assertEquals(Access.WRITE, Access.forHttpMethod("POST"));
        assertEquals(Access.WRITE, Access.forHttpMethod("DELETE"));
        assertEquals(Access.WRITE, Access.forHttpMethod("PATCH"));
    }
}
