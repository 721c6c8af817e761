package org.strata.api.os;

import java.util.List;

/**
 * An account the provisioned OS gets; the first of a request is its administrator.
 *
 * @param passwordHash a SHA-512 crypt hash ({@code $6$salt$hash}), or null for key login only
 */
public record OsAccount(String name, String passwordHash, List<String> sshKeys) {
    public OsAccount {
        sshKeys = sshKeys == null ? List.of() : List.copyOf(sshKeys);
    }
}
