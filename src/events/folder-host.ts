/**
 * The host a log file's place names, for logs that do not name their own server (NCSA access logs,
 * host.ts): the nearest folder above the file whose name is written like a host name, upper-case
 * letters, digits and hyphens with at least one digit or hyphen (`APP-WF03`, `WEB01`), as
 * collections are laid out one folder per machine (`APP-WF03/wildfly/access_log.log`, triage copies
 * `WEB01/var/log/httpd/access_log`). IIS log folders (`W3SVC1`) name a site, not a machine.
 * '' when no folder does.
 */
const HOST_NAME = /^[A-Z0-9][A-Z0-9-]{0,61}[A-Z0-9]$/;
const SITE_FOLDER = /^W3SVC\d+$/;

/** The last path asked about: every event of a file asks with the same path. */
let lastPath = '';
let lastHost = '';

function looksLikeHost(folder: string): boolean {
  return HOST_NAME.test(folder) && /[-\d]/.test(folder) && !/^\d+$/.test(folder) && !SITE_FOLDER.test(folder);
}

export function folderHost(path: string): string {
  if (path === lastPath) return lastHost;
  const folders = path.split(/[\\/]/);
  folders.pop();
  let host = '';
  for (let i = folders.length - 1; i >= 0; i--) {
    if (looksLikeHost(folders[i]!)) {
      host = folders[i]!;
      break;
    }
  }
  lastPath = path;
  lastHost = host;
  return host;
}
