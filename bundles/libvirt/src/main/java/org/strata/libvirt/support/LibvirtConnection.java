package org.strata.libvirt.support;

import org.libvirt.Connect;
import org.libvirt.ConnectAuth;
import org.libvirt.LibvirtException;
import org.libvirt.jna.ConnectionPointer;

/**
 * A libvirt connection whose C pointer {@link NativeVirt} can use: libvirt-java keeps it in a protected field,
 * which a subclass may read without reflection.
 */
final class LibvirtConnection extends Connect {

    LibvirtConnection(String uri, ConnectAuth auth) throws LibvirtException {
        super(uri, auth, 0);
    }

    ConnectionPointer pointer() {
        return vcp;
    }
}
