/**
 * Launches Debian's chromium for browser tests (playwright-core drives it; no browser is
 * downloaded). playwright gives every launch a fresh temporary profile (--user-data-dir).
 * `chromiumSkip` is the reason to skip when /usr/bin/chromium is absent (`.ci/run` installs it).
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumSkip: string | false = existsSync(CHROMIUM) ? false : `${CHROMIUM} is absent (apt-get install chromium)`;

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}
