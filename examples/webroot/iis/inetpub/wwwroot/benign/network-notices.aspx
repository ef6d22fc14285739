<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="network-notices.aspx.cs" Inherits="Portal.Page4" %>
<html><head><title>Network notices</title></head><body>
  <form runat="server"><asp:TextBox id="q" runat="server" /></form>
  <table>
    <tr><td>HLR-1</td><td><%= Server.HtmlEncode(Status(0)) %></td></tr>
    <tr><td>GGSN-2</td><td><%= Server.HtmlEncode(Status(1)) %></td></tr>
    <tr><td>GGSN-3</td><td><%= Server.HtmlEncode(Status(2)) %></td></tr>
    <tr><td>GGSN-4</td><td><%= Server.HtmlEncode(Status(3)) %></td></tr>
    <tr><td>SGSN-5</td><td><%= Server.HtmlEncode(Status(4)) %></td></tr>
    <tr><td>SGSN-6</td><td><%= Server.HtmlEncode(Status(5)) %></td></tr>
  </table>
  <% Response.Write(DateTime.UtcNow.ToString("u")); %>
</body></html>
