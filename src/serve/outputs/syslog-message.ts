/**
 * RFC 5424 syslog messages for finding forwarding:
 *   <PRI>1 TIMESTAMP HOSTNAME cellwatch PROCID finding - MSG
 * PRI = facility 4 (security/authorization) × 8 + severity from the finding's level (critical 2,
 * high 3, medium 4, low 5, informational 6). TIMESTAMP is when the message is sent (the finding's
 * own time is in the message), HOSTNAME the serve machine, no structured data; MSG is the CEF line
 * or the Finding JSON, without a BOM. Over TCP each message is octet-counted (RFC 6587 3.4.1:
 * `LENGTH SP MESSAGE`); over UDP it is one datagram (RFC 5426).
 */
import type { Level } from '../../findings/finding.js';

const FACILITY = 4;
export const SYSLOG_SEVERITY: Record<Level, number> = { critical: 2, high: 3, medium: 4, low: 5, informational: 6 };

export interface SyslogOrigin {
  /** Serve's host name (made printable US-ASCII, at most 255). */
  hostname: string;
  procId: string;
}

/** RFC 5424 header fields: printable US-ASCII without spaces, `-` when empty. */
export function headerToken(value: string, max: number): string {
  const t = value.replace(/[^\x21-\x7e]/g, '').slice(0, max);
  return t || '-';
}

export function syslogMessage(level: Level, msg: string, origin: SyslogOrigin, now: Date): string {
  const pri = FACILITY * 8 + (SYSLOG_SEVERITY[level] ?? 6);
  return `<${pri}>1 ${now.toISOString()} ${headerToken(origin.hostname, 255)} cellwatch ${headerToken(origin.procId, 128)} finding - ${msg}`;
}

/** RFC 6587 octet counting: the byte length of the message, a space, the message. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}
