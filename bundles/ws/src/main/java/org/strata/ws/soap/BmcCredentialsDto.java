package org.strata.ws.soap;

import javax.xml.bind.annotation.XmlType;

/** A user name and password to try on BMCs. Write-only: no operation returns it, and toString masks the password. */
@XmlType(
        name = "BmcCredentials",
        propOrder = {"username", "password"})
public class BmcCredentialsDto {
    public String username;
    public String password;

    public BmcCredentialsDto() {}

    @Override
    public String toString() {
        return "BmcCredentialsDto[username=" + username + ", password=" + (password == null ? "null" : "******") + "]";
    }
}
