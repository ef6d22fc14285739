// Web shells of the GALLIUM intrusions (China Chopper, BlackMould) and generic command shells.
// Shapes come from public descriptions of the shells; no payload is needed to match them.

rule cellwatch_china_chopper_aspx
{
  meta:
    title = "China Chopper one-liner (ASPX/JScript)"
    level = "critical"
    attack = "T1505.003"
    reference = "https://www.microsoft.com/security/blog/2019/12/12/gallium-targeting-global-telecom/"
  strings:
    $eval_request = /eval\s*\(\s*Request(\.Item)?\s*[\[\(]/ nocase
    $eval_unsafe = /eval\s*\([^;]{1,200},\s*["']unsafe["']\s*\)/ nocase
  condition:
    filesize < 8KB and ($eval_request or $eval_unsafe)
}

rule cellwatch_china_chopper_asp
{
  meta:
    title = "China Chopper one-liner (classic ASP)"
    level = "critical"
    attack = "T1505.003"
  strings:
    $exec_request = /<%\s*(eval|execute|executeglobal)\s*\(?\s*request\s*(\.item)?\s*[\(\[]/ nocase
    $aspx_page = /<%@\s*Page/ nocase
  condition:
    filesize < 8KB and $exec_request and not $aspx_page
}

rule cellwatch_china_chopper_php
{
  meta:
    title = "China Chopper one-liner (PHP)"
    level = "critical"
    attack = "T1505.003"
  strings:
    $eval_input = /@?(eval|assert)\s*\(\s*\$_(POST|GET|REQUEST|COOKIE)\s*\[/ nocase
  condition:
    filesize < 8KB and $eval_input
}

rule cellwatch_china_chopper_jsp
{
  meta:
    title = "China Chopper server page (JSP)"
    level = "critical"
    attack = "T1505.003"
  strings:
    $pwd = /String\s+Pwd\s*=\s*"/
    $z0 = /request\.getParameter\s*\(\s*"z0"\s*\)/
    $z1 = /request\.getParameter\s*\(\s*"z1"\s*\)/
  condition:
    filesize < 64KB and $pwd and ($z0 or $z1)
}

rule cellwatch_aspx_request_echo
{
  meta:
    title = "Tiny ASPX page writing request input back (Chopper-style)"
    level = "medium"
    attack = "T1505.003"
  strings:
    $write = "Response.Write" nocase
    $item = /Request\.Item\s*\[/ nocase
    $page = "<%@" nocase
  condition:
    filesize < 2KB and $page and $write and $item
}

rule cellwatch_blackmould_like_aspx
{
  meta:
    title = "BlackMould-like ASPX shell: command execution with file upload and download"
    level = "critical"
    attack = "T1505.003,T1105,T1059.003"
  strings:
    $page = "<%@" nocase
    $exec1 = "ProcessStartInfo" nocase
    $exec2 = "Process.Start" nocase
    $exec3 = "cmd.exe" nocase
    $up1 = ".SaveAs(" nocase
    $up2 = "PostedFile" nocase
    $up3 = "File.WriteAllBytes" nocase
    $down1 = "TransmitFile" nocase
    $down2 = "Response.WriteFile" nocase
    $down3 = "attachment;filename" nocase
    $down4 = "attachment; filename" nocase
  condition:
    filesize < 512KB and $page and any of ($exec*) and any of ($up*) and any of ($down*)
}

rule cellwatch_jsp_command_shell
{
  meta:
    title = "JSP command shell: request input run by Runtime.exec or ProcessBuilder"
    level = "high"
    attack = "T1505.003,T1059"
  strings:
    $exec1 = /Runtime\s*\.\s*getRuntime\s*\(\s*\)\s*\.\s*exec\s*\(/
    $exec2 = "new ProcessBuilder("
    $input = /request\s*\.\s*(getParameter|getHeader|getInputStream|getReader)\s*\(/
  condition:
    filesize < 256KB and any of ($exec*) and $input
}

rule cellwatch_aspx_command_shell
{
  meta:
    title = "ASPX command shell: request input run by Process.Start"
    level = "high"
    attack = "T1505.003,T1059"
  strings:
    $page = "<%@" nocase
    $exec1 = "Process.Start" nocase
    $exec2 = "ProcessStartInfo" nocase
    $input = /Request\s*(\.\s*(Form|QueryString|Params|Item|Headers))?\s*[\[\(]\s*["']/ nocase
  condition:
    filesize < 256KB and $page and any of ($exec*) and $input
}

rule cellwatch_encoded_page_payload
{
  meta:
    title = "Server page decoding and running an encoded payload"
    level = "high"
    attack = "T1505.003,T1027,T1140"
  strings:
    $php1 = /eval\s*\(\s*(base64_decode|gzinflate|gzuncompress|str_rot13|strrev)\s*\(/ nocase
    $php2 = /assert\s*\(\s*(base64_decode|gzinflate)\s*\(/ nocase
    $net_b64 = "Convert.FromBase64String" nocase
    $net_load = /Assembly\s*\.\s*Load\s*\(/
    $net_eval = /eval\s*\(\s*System\.Text\.Encoding\.[A-Za-z0-9]+\.GetString\s*\(\s*System\.Convert\.FromBase64String/ nocase
    $jsp_define = "defineClass" nocase
    $jsp_b64 = /(BASE64Decoder|Base64\.getDecoder|decodeBuffer)/
    $jsp_cipher = "javax.crypto.Cipher"
    $blob = /["'][A-Za-z0-9+\/]{400,}={0,2}["']/
  condition:
    filesize < 1MB and (
      any of ($php*) or $net_eval or ($net_b64 and $net_load) or
      ($jsp_define and ($jsp_b64 or $jsp_cipher)) or
      ($blob and (extension == "aspx" or extension == "asp" or extension == "jsp" or extension == "php") and
        ($net_b64 or $jsp_b64 or $net_load))
    )
}
