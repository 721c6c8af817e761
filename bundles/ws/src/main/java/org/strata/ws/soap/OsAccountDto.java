package org.strata.ws.soap;

import java.util.ArrayList;
import java.util.List;
import javax.xml.bind.annotation.XmlElement;
import javax.xml.bind.annotation.XmlType;

/** An account the provisioned OS gets; passwordHash a SHA-512 crypt hash ($6$salt$hash), absent for keys only. */
@XmlType(name = "OsAccount")
public class OsAccountDto {
    public String name;
    public String passwordHash;

    @XmlElement(name = "sshKey")
    public List<String> sshKeys = new ArrayList<>();

    public OsAccountDto() {}
}
