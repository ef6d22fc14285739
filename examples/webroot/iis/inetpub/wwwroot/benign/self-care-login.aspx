<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="self-care-login.aspx.cs" Inherits="Portal.Page5" %>
<html><head><title>Self-care login</title></head><body>
  <form runat="server"><asp:TextBox id="q" runat="server" /></form>
  <table>
    <tr><td>MSC-1</td><td><%= Server.HtmlEncode(Status(0)) %></td></tr>
    <tr><td>GGSN-2</td><td><%= Server.HtmlEncode(Status(1)) %></td></tr>
    <tr><td>SMSC-3</td><td><%= Server.HtmlEncode(Status(2)) %></td></tr>
    <tr><td>GGSN-4</td><td><%= Server.HtmlEncode(Status(3)) %></td></tr>
  </table>
  <% Response.Write(DateTime.UtcNow.ToString("u")); %>
</body></html>
