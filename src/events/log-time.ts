/**
 * The timestamps of web access logs, which ISO parsing (timestamp.ts) does not cover:
 *
 *   CLF (Apache, nginx, Tomcat, WildFly access logs)  `10/Oct/2000:13:55:36 -0700`, optional `.fff`
 *
 * CLF carries the server's own UTC offset, which is applied. Returns epoch ms, NaN when invalid.
 * (BSD syslog times, which have no year, are read by sources/syslog/bsd-timestamp.ts.)
 */
/** English month abbreviations, lower case, to month index (0-11). */
export const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

const CLF = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{4}):(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2}):?(\d{2})$/;

/** `10/Oct/2000:13:55:36 -0700` (the text between the brackets of `%t`) → epoch ms. */
export function parseClfTime(text: string): number {
  const m = CLF.exec(text);
  if (!m) return NaN;
  const month = MONTHS[m[2]!.toLowerCase()];
  if (month === undefined) return NaN;
  const day = Number(m[1]);
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return NaN;
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const offset = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10])) * 60_000;
  return Date.UTC(Number(m[3]), month, day, h, min, s, ms) - offset;
}
