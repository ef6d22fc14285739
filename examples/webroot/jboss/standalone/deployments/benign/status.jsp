<%@ page import="java.lang.management.*" %>
<% out.println(ManagementFactory.getRuntimeMXBean().getUptime()); %>
