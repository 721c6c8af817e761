/** The datacenter layer's components: what it registers as OSGi services and how they are wired. */
package org.strata.datacenter;
