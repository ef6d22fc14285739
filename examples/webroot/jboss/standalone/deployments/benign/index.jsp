<%@ page contentType="text/html; charset=UTF-8" %>
<html><body><h1>Subscriber portal</h1>
<% String msisdn = request.getParameter("msisdn"); %>
<p>Lookup: <%= org.owasp.encoder.Encode.forHtml(msisdn) %></p>
</body></html>
