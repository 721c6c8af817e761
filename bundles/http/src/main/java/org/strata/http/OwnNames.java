package org.strata.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** The names and addresses that mean this machine: what a client's Host header may name. No DNS lookup is made. */
final class OwnNames {

    private OwnNames() {}

    static Set<String> of(Collection<String> configured) {
        Set<String> names = new HashSet<>();
        names.add("localhost");
        configured.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
        hostName().ifPresent(n -> names.add(n.toLowerCase(Locale.ROOT)));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String text = a.getHostAddress();
                    int zone = text.indexOf('%');
                    text = zone >= 0 ? text.substring(0, zone) : text;
                    names.add(text.indexOf(':') >= 0 ? "[" + text.toLowerCase(Locale.ROOT) + "]" : text);
                }
            }
        } catch (SocketException e) {
            names.add("127.0.0.1");
        }
        return Set.copyOf(names);
    }

    /** The kernel's host name (Linux), read rather than asked of a resolver. */
    private static java.util.Optional<String> hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            return name.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(name);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.ofNullable(System.getenv("HOSTNAME"));
        }
    }
}
