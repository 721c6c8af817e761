package org.strata.api.hardware;

/** A user name and password to try on BMCs; the password is write-only and never shown. */
public record BmcCredentials(String username, String password) {

    @Override
    public String toString() {
        return "BmcCredentials[username=" + username + ", password=" + (password == null ? "null" : "******") + "]";
    }
}
