package org.strata.spi.hypervisor;

import java.util.Objects;

/**
 * A graphical console.
 *
 * @param type   VNC or SPICE
 * @param listen the address the console listens on (127.0.0.1 unless the operator says otherwise)
 * @param port   a fixed port, or 0 to let the hypervisor pick one when the VM starts
 */
public record GraphicsSpec(Type type, String listen, int port) {

    public GraphicsSpec {
        Objects.requireNonNull(type, "type");
        listen = listen == null || listen.isBlank() ? "127.0.0.1" : listen;
    }

    public enum Type {
        VNC,
        SPICE
    }
}
