/**
 * What kind of value a field holds, from its name alone (the detector caches it per name): paths
 * whose last element is a file name, service and antivirus-detection names, the SCM `param1`,
 * URL host and path parts (W3C, Zeek, ECS), command lines, address fields that may hold an IPv4
 * address as a number, and fields never worth scanning (GUIDs, times, ids). Kinds are bit flags.
 */
export const K_PATH = 1;
export const K_SERVICE = 2;
export const K_AV = 4;
export const K_SCM_PARAM = 8;
export const K_URL_HOST = 16;
export const K_URL_PATH = 32;
export const K_CMD = 64;

const PATH_NAMES = new Set([
  'image', 'imageloaded', 'parentimage', 'sourceimage', 'targetimage', 'targetfilename', 'filename', 'file', 'path',
  'filepath', 'executable', 'application', 'processname', 'newprocessname', 'parentprocessname', 'servicefilename',
  'imagepath', 'originalfilename', 'cs-uri-stem', 'uri-stem', 'uri_stem', 'sourcefilename', 'device', 'targetpath',
]);
const PATH_FULL = new Set(['file.name', 'file.path', 'process.name', 'process.executable', 'process.parent.executable', 'process.parent.name', 'dll.path', 'dll.name']);

/**
 * Fields whose values are never indicators (GUIDs, times, ids, levels): skipped whole. Kept short
 * and exact so no field that could carry a host, address, hash, path or name is left out.
 */
const SKIP_FIELDS = new Set([
  'processguid', 'parentprocessguid', 'logonguid', 'sourceprocessguid', 'targetprocessguid', 'activityid', 'relatedactivityid',
  'provider_guid', 'utctime', 'timecreated', 'creationutctime', 'previouscreationutctime', '@timestamp', 'timestamp',
  'eventrecordid', 'integritylevel', 'terminalsessionid', 'logonid', 'subjectlogonid', 'targetlogonid', 'level', 'task',
  'opcode', 'keywords', 'version', 'executionprocessid', 'threadid', 'processid', 'date', 'time', 'time-taken',
]);
export const K_SKIP = 128;
/** Address fields whose value may be an IPv4 address written as a 32-bit number. */
export const K_IPNUM = 256;

export function fieldKind(name: string): number {
  const n = name.toLowerCase();
  if (SKIP_FIELDS.has(n)) return K_SKIP;
  const last = n.slice(n.lastIndexOf('.') + 1);
  let k = 0;
  if (PATH_FULL.has(n) || PATH_NAMES.has(last)) k |= K_PATH;
  if (/^(servicename|service_name|service\.name|servicedisplayname|service_display_name)$/.test(last === n ? n : n.replace(/^winlog\.event_data\./, ''))) k |= K_SERVICE;
  if (/^(threat name|threatname|threat\.name|threat_name|virusname|virus_name|detectionname|malwarename)$/.test(n)) k |= K_AV;
  if (n === 'param1') k |= K_SCM_PARAM;
  if (/commandline|command_line|scriptblocktext|command$/.test(n)) k |= K_CMD;
  if (/(?:^|[._-])(?:[a-z]*ip|ipaddress|ip_address|addr|address|[a-z]*_ip|[a-z]+_h)$/.test(n)) k |= K_IPNUM;
  if (/^(cs-host|cs\(host\)|host|url\.domain|destination\.domain|http\.host)$/.test(n)) k |= K_URL_HOST;
  if (/^(cs-uri-stem|uri|url\.path|http\.uri)$/.test(n)) k |= K_URL_PATH;
  return k;
}
