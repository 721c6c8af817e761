/**
 * A client of the vSphere Web Services API (vim25): {@link org.strata.vsphere.vim.VimConnection} logs in and
 * invokes methods; requests are written with {@link org.strata.vsphere.vim.VimElement}, replies read as
 * {@link org.strata.vsphere.vim.XmlNode} trees; {@link org.strata.vsphere.vim.VimFault} is the one exception.
 */
@Version("1.1.0")
package org.strata.vsphere.vim;

import org.osgi.annotation.versioning.Version;
