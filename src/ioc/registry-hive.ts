/**
 * Registry paths with their hive spellings unified, so one indicator matches however a log writes
 * the key: HKLM, HKEY_LOCAL_MACHINE and \REGISTRY\MACHINE; ControlSet00N as CurrentControlSet; a
 * user's hive under HKU\<SID> (how Sysmon and Security events write it) as that user's HKCU.
 */
export const NEEDS_HIVE_NORMALISING = /hkey_|\\registry\\|controlset00|hku\\s-1-/i;

/** `s` lower-cased with hives unified, or `s` unchanged when it holds no spelling to unify. */
export function unifyHives(s: string): string {
  if (!NEEDS_HIVE_NORMALISING.test(s)) return s;
  return s
    .toLowerCase()
    .replace(/\\registry\\machine(?=\\)/g, 'hklm')
    .replace(/\\registry\\user(?=\\)/g, 'hku')
    .replace(/hkey_local_machine(?=\\)/g, 'hklm')
    .replace(/hkey_current_user(?=\\)/g, 'hkcu')
    .replace(/hkey_users(?=\\)/g, 'hku')
    .replace(/hkey_classes_root(?=\\)/g, 'hkcr')
    .replace(/(hklm\\system\\)controlset00\d(?=\\)/g, '$1currentcontrolset')
    .replace(/hku\\s-1-5-21-[\d-]+(?:_classes)?(?=\\)/g, (m) => (m.endsWith('_classes') ? 'hkcu\\software\\classes' : 'hkcu'));
}
