<%@ Page Language="C#" AutoEventWireup="true" CodeBehind="tariff-plans.aspx.cs" Inherits="Portal.Page3" %>
<html><head><title>Tariff plans</title></head><body>
  <form runat="server"><asp:TextBox id="q" runat="server" /></form>
  <table>
    <tr><td>HLR-1</td><td><%= Server.HtmlEncode(Status(0)) %></td></tr>
    <tr><td>GGSN-2</td><td><%= Server.HtmlEncode(Status(1)) %></td></tr>
  </table>
  <% Response.Write(DateTime.UtcNow.ToString("u")); %>
</body></html>
