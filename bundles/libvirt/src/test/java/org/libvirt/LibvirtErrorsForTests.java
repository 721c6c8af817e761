package org.libvirt;

import org.libvirt.Error.ErrorDomain;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.jna.virError;

/**
 * libvirt errors as libvirt-java raises them, for mapping tests of errors that only a running guest can cause. In
 * libvirt-java's package because its exception's constructor is package-private.
 */
public final class LibvirtErrorsForTests {

    private LibvirtErrorsForTests() {}

    // libvirt-java's enums list libvirt's C enums in their order: the ordinal is the C code.
    @SuppressWarnings("EnumOrdinal")
    public static LibvirtException error(ErrorNumber code, ErrorDomain domain, String message) {
        virError raw = new virError();
        raw.code = code.ordinal();
        raw.domain = domain.ordinal();
        raw.message = message;
        raw.level = Error.ErrorLevel.VIR_ERR_ERROR.ordinal();
        return new LibvirtException(new Error(raw));
    }
}
