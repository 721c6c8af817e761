/**
 * What a bundle implements to take part in the datacenter layer's decisions while Strata runs: placement filters
 * (a host is possible or not, and why) and weighers (how much a possible host is preferred). Register an
 * implementation as an OSGi service; the layer picks it up at once and names it in placement explanations.
 */
@Version("1.0.0")
package org.strata.datacenter.spi;

import org.osgi.annotation.versioning.Version;
