package org.strata.spi.os;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;
import org.strata.spi.Driver;

/** An OS family driver: knows how to install, boot and watch one family of operating systems. */
@ConsumerType
public interface OsFamilyDriver extends Driver {

    /** The installable profiles this family offers (releases, editions, roles). */
    List<OsProfile> profiles();
}
