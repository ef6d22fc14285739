// Tools and implants of the GALLIUM intrusions, by the strings they cannot easily drop.

rule cellwatch_htran
{
  meta:
    title = "HTRAN connection bouncer"
    level = "high"
    attack = "T1090"
    reference = "https://www.microsoft.com/security/blog/2019/12/12/gallium-targeting-global-telecom/"
  strings:
    $banner = "HUC Packet Transmit Tool" ascii wide nocase
    $m1 = "[+] Make a Connection to %s:%d" ascii wide
    $m2 = "[SERVER]connection to %s:%d error" ascii wide
    $m3 = "[+] Accept a Client on port %d from %s" ascii wide
    $m4 = "[+] Waiting another Client on port:%d" ascii wide
    $u1 = "-listen ConnectPort TransmitPort" ascii wide
    $u2 = "-tran ConnectPort TransmitHost TransmitPort" ascii wide
    $u3 = "-slave ConnectHost ConnectPort TransmitHost TransmitPort" ascii wide
  condition:
    uint16(0) == 0x5A4D and filesize < 4MB and ($banner or 2 of ($m*, $u*))
}

rule cellwatch_pingpull
{
  meta:
    title = "PingPull implant (GALLIUM / Alloy Taurus)"
    level = "critical"
    attack = "T1095,T1543.003,T1036.004"
    reference = "https://unit42.paloaltonetworks.com/pingpull-gallium/"
  strings:
    $svc1 = "Iph1psvc" ascii wide
    $svc2 = "IP He1per" ascii wide
    $beacon = "PROJECT_%s_%s_%08X" ascii wide
    $c2_1 = "hinitial.com" ascii wide nocase
    $c2_2 = "goodluck23.jp.us" ascii wide nocase
    $c2_3 = "micfkbeljacob.com" ascii wide nocase
  condition:
    uint16(0) == 0x5A4D and ($beacon or all of ($svc*) or (any of ($svc*) and any of ($c2_*)))
}

rule cellwatch_softether_out_of_place
{
  meta:
    title = "SoftEther VPN component outside its install folder"
    level = "high"
    attack = "T1133,T1572"
  strings:
    $name1 = "SoftEther VPN" ascii wide
    $name2 = "SoftEther Corporation" ascii wide
    $cfg1 = "vpn_server.config" ascii wide
    $cfg2 = "vpn_bridge.config" ascii wide
    $hamcore = "hamcore.se2" ascii wide nocase
  condition:
    uint16(0) == 0x5A4D and any of ($name*) and any of ($cfg*, $hamcore) and
    not filepath matches /\/program files( \(x86\))?\/softether[^\/]*\//i
}
