<%-- cellwatch test fixture: an inert shape of a web shell, inside a server-side comment; it runs nothing.
<%@page import="java.io.*,java.util.*"%><%! String Pwd="cellwatch"; %>
<% String z1 = request.getParameter("z1"); String z0 = request.getParameter("z0"); %>
--%>
<html><body>Not found</body></html>
