<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="subscriber-lookup.aspx.cs" Inherits="Portal.Page1" %>
<html><head><title>Subscriber lookup</title></head><body>
  <form runat="server"><asp:TextBox id="q" runat="server" /></form>
  <table>
    <tr><td>MSC-1</td><td><%= Server.HtmlEncode(Status(0)) %></td></tr>
    <tr><td>MSC-2</td><td><%= Server.HtmlEncode(Status(1)) %></td></tr>
    <tr><td>GGSN-3</td><td><%= Server.HtmlEncode(Status(2)) %></td></tr>
    <tr><td>SGSN-4</td><td><%= Server.HtmlEncode(Status(3)) %></td></tr>
    <tr><td>SMSC-5</td><td><%= Server.HtmlEncode(Status(4)) %></td></tr>
    <tr><td>HLR-6</td><td><%= Server.HtmlEncode(Status(5)) %></td></tr>
  </table>
  <% Response.Write(DateTime.UtcNow.ToString("u")); %>
</body></html>
