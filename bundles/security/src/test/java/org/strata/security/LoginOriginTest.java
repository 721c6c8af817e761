package org.strata.security;

import static org.junit.Assert.assertEquals;

import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.Test;

public class LoginOriginTest {

    @Test
    public void anAddressLosesItsPortAndHostName() {
        assertEquals("127.0.0.1", LoginOrigin.address("/127.0.0.1:52344"));
        assertEquals("127.0.0.1", LoginOrigin.address("localhost/127.0.0.1:52344"));
        assertEquals("0:0:0:0:0:0:0:1", LoginOrigin.address("/[0:0:0:0:0:0:0:1]:52344"));
        assertEquals("10.1.2.3", LoginOrigin.address("10.1.2.3"));
        assertEquals("::1", LoginOrigin.address("::1"));
        assertEquals("unknown", LoginOrigin.address(null));
    }

    @Test
    public void theOriginIsReadFromTheSubject() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/127.0.0.1:40000"));
        assertEquals(new LoginOrigin("ssh", "127.0.0.1"), LoginOrigin.of(subject));
        assertEquals(LoginOrigin.UNKNOWN, LoginOrigin.of(new Subject()));
    }
}
