/**
 * The syslog PRI part (`<NNN>`, RFC 5424 §6.2.1 and RFC 3164 §4.1.1): facility × 8 + severity,
 * named with the keywords syslog.conf and rsyslog use.
 */

const FACILITIES = [
  'kern', 'user', 'mail', 'daemon', 'auth', 'syslog', 'lpr', 'news', 'uucp', 'cron', 'authpriv', 'ftp',
  'ntp', 'security', 'console', 'solaris-cron', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5',
  'local6', 'local7',
] as const;

const SEVERITIES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

export interface Priority {
  facility: string;
  severity: string;
  /** Characters the PRI took, `<` and `>` included. */
  length: number;
}

/**
 * The PRI at the start of `text`: a Priority, null when the text does not start with `<`, or a
 * reason string when it starts with `<` but is not a valid PRI (1-3 digits, at most 191).
 */
export function parsePriority(text: string): Priority | null | string {
  if (text.charCodeAt(0) !== 60 /* < */) return null;
  const close = text.indexOf('>', 1);
  if (close < 2 || close > 4) return 'priority is not <0> to <191>';
  const digits = text.slice(1, close);
  if (!/^\d+$/.test(digits) || (digits.length > 1 && digits[0] === '0')) return `priority <${digits}> is not a number`;
  const value = Number(digits);
  if (value > 191) return `priority <${digits}> is above 191`;
  return { facility: FACILITIES[value >> 3]!, severity: SEVERITIES[value & 7]!, length: close + 1 };
}
