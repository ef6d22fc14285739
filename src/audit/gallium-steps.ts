/**
 * The GALLIUM steps each kind of gap leaves open (ATT&CK ids from the intel pack, techniques.csv).
 */
export interface GalliumStep {
  attack: string[];
  step: string;
}

export const STEPS = {
  validAccounts: { attack: ['T1078'], step: 'Valid Accounts: reuse of stolen credentials to keep access and move between hosts' },
  exploitPublicApp: { attack: ['T1190', 'T1505.003'], step: 'Exploit Public-Facing Application (unpatched WildFly/JBoss, IIS) and plant a web shell (China Chopper, BlackMould)' },
  webShellAsSystem: { attack: ['T1505.003', 'T1003.001'], step: 'Web shell commands run with the web service identity: as SYSTEM/root, credential dumping (Mimikatz, Procdump on LSASS) needs no escalation' },
  privilegedDomainAccount: { attack: ['T1078', 'T1136.002', 'T1003.003'], step: 'Privileged domain accounts: once their credentials are stolen, Active Directory data (NTDS) and every host are reachable' },
  detectProcess: { attack: ['T1505.003', 'T1059.003', 'T1033', 'T1016'], step: 'Web shell activity: w3wp.exe/java.exe spawning cmd.exe, whoami, ipconfig, net' },
  detectLsass: { attack: ['T1003.001'], step: 'Credential dumping from LSASS with modified Mimikatz or Procdump' },
  detectPowerShell: { attack: ['T1059.001'], step: 'PowerShell used to move laterally and run in-memory Mimikatz' },
  detectWebLogs: { attack: ['T1190', 'T1505.003', 'T1595.002'], step: 'Exploitation of the web server and POSTs to the planted web shell page' },
  detectDns: { attack: ['T1071.001'], step: 'Command and control through dynamic-DNS names (ddns.net, myftp.biz and others in the intel pack)' },
} satisfies Record<string, GalliumStep>;
